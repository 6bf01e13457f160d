/**
 * WCAG 2.1.1 (issue 15): an antd Table with `scroll` scrolls inside `.ant-table-content` / `.ant-table-body`, which a
 * keyboard user cannot reach when the table holds nothing focusable (axe: scrollable-region-focusable). antd gives no
 * prop for that element, so the shell makes every such scroll container a named, focusable region once it appears.
 */
import { useEffect } from "react";

const SELECTOR = ".ant-table-wrapper .ant-table-content[style*='overflow'], .ant-table-wrapper .ant-table-body[style*='overflow']";

function label(el: Element): string {
  const card = el.closest(".ant-card");
  const title = card?.querySelector(":scope > .ant-card-head .ant-card-head-title")?.textContent?.trim();
  return title ? `${title}（表格，可用方向键滚动）` : "表格（可用方向键滚动）";
}

function mark(root: ParentNode) {
  for (const el of root.querySelectorAll<HTMLElement>(SELECTOR)) {
    if (el.hasAttribute("tabindex")) continue;
    el.tabIndex = 0;
    el.setAttribute("role", "region");
    el.setAttribute("aria-label", label(el));
  }
}

export function useFocusableScrollRegions() {
  useEffect(() => {
    mark(document);
    let queued = false;
    const obs = new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; mark(document); });
    });
    obs.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["style"] });
    return () => obs.disconnect();
  }, []);
}
