/**
 * A small Markdown reader for text users typed (需求描述, issue 15): headings (#, ##, ###), bullet and numbered lists,
 * **bold**, `code` and paragraphs. It builds React elements from the text and never inserts HTML, so whatever the text
 * holds (<script>, onerror=…, javascript: links) is shown as text: sanitised by construction. Links are not made.
 */
import { Fragment, type ReactNode } from "react";
import { Typography } from "antd";

function inline(text: string, key: string): ReactNode[] {
  const out: ReactNode[] = [];
  const re = /(\*\*([^*]+)\*\*|`([^`]+)`)/g;
  let last = 0;
  let m: RegExpExecArray | null;
  let i = 0;
  while ((m = re.exec(text))) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(m[2] !== undefined ? <strong key={`${key}-${i++}`}>{m[2]}</strong> : <code key={`${key}-${i++}`}>{m[3]}</code>);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function Markdown({ text }: { text: string }) {
  const blocks: ReactNode[] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let para: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const flush = () => {
    if (para.length) blocks.push(<Typography.Paragraph key={`p${blocks.length}`}>{para.map((l, i) => <Fragment key={i}>{i > 0 && <br />}{inline(l, `p${blocks.length}-${i}`)}</Fragment>)}</Typography.Paragraph>);
    para = [];
    if (list) {
      const items = list.items.map((it, i) => <li key={i}>{inline(it, `l${blocks.length}-${i}`)}</li>);
      blocks.push(list.ordered ? <ol key={`o${blocks.length}`}>{items}</ol> : <ul key={`u${blocks.length}`}>{items}</ul>);
    }
    list = null;
  };
  for (const line of lines) {
    const h = /^(#{1,3})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    const num = /^\s*\d+[.、)]\s+(.*)$/.exec(line);
    if (h) {
      flush();
      blocks.push(<Typography.Title key={`h${blocks.length}`} level={(h[1]!.length + 3) as 4 | 5}>{inline(h[2]!, `h${blocks.length}`)}</Typography.Title>);
    } else if (bullet || num) {
      const ordered = !bullet;
      if (para.length || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push((bullet ?? num)![1]!);
    } else if (!line.trim()) flush();
    else {
      if (list) flush();
      para.push(line);
    }
  }
  flush();
  return <div data-testid="markdown">{blocks}</div>;
}
