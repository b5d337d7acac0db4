/**
 * The pages as tabs (the WAI-ARIA tabs pattern): one tab stop for the tab list, arrow keys,
 * Home and End move between tabs, and the URL hash (#draw, #train, #plane, #learn) names the open page so
 * a link or the back button can open it.
 */

/** The page tabs, for the app to open a page. */
export interface Tabs {
  /** Opens the page `name` (draw, train, plane, learn). */
  select(name: string, focus?: boolean): void;
  /** Called after a page is opened. */
  onChange(listener: (name: string) => void): void;
}

/** Makes the tab buttons in `tablist` (role="tab", aria-controls naming their panels) switch pages. */
export function setUpTabs(tablist: HTMLElement): Tabs {
  const tabs = [...tablist.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const nameOf = (tab: HTMLButtonElement): string => tab.id.replace(/^tab-/, '');
  const listeners: ((name: string) => void)[] = [];

  function select(name: string, focus = false): void {
    const target = tabs.find((t) => nameOf(t) === name) ?? tabs[0]!;
    for (const tab of tabs) {
      const selected = tab === target;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(tab.getAttribute('aria-controls')!)!;
      panel.hidden = !selected;
    }
    if (focus) target.focus();
    const hash = `#${nameOf(target)}`;
    if (location.hash !== hash) history.replaceState(null, '', hash);
    for (const listener of listeners) listener(nameOf(target));
  }

  for (const tab of tabs) tab.addEventListener('click', () => select(nameOf(tab)));
  tablist.addEventListener('keydown', (event) => {
    const current = tabs.indexOf(document.activeElement as HTMLButtonElement);
    if (current < 0) return;
    let next = -1;
    if (event.key === 'ArrowRight') next = (current + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (current - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    event.preventDefault();
    select(nameOf(tabs[next]!), true);
  });
  window.addEventListener('hashchange', () => {
    // Other anchors (the skip link's #main) are not pages.
    const name = location.hash.slice(1);
    if (tabs.some((t) => nameOf(t) === name)) select(name);
  });

  return {
    select,
    onChange(listener) {
      listeners.push(listener);
    },
  };
}
