/** The 需求描述 Markdown reader (issue 15): structure rendered, any HTML in the text shown as text, never run. */
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { Markdown } from "./markdown.js";

const render = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));

describe("Markdown for typed text", () => {
  it("renders headings, lists, bold and paragraphs", () => {
    const html = render("# 标题\n\n在人员查询页面增加**返乡时间**筛选。\n\n- 第一项\n- 第二项\n\n1. 甲\n2. 乙");
    expect(html).toContain("<h4");
    expect(html).toContain("<strong>返乡时间</strong>");
    expect(html).toMatch(/<ul><li>第一项<\/li><li>第二项<\/li><\/ul>/);
    expect(html).toMatch(/<ol><li>甲<\/li><li>乙<\/li><\/ol>/);
  });
  it("shows HTML in the text as text (sanitised by construction)", () => {
    const html = render('<script>alert(1)</script>\n<img src=x onerror="alert(2)"> [x](javascript:alert(3))');
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;");
  });
});
