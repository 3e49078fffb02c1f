// Progressive enhancement only: a page that says it refreshes (a queued return, a paper being produced)
// reloads itself with JavaScript; without it the page's "Refresh now" link does the same. A meta refresh
// would also work without JavaScript, but WCAG 2.2.1 rules it out (axe-core: meta-refresh).
const status = document.querySelector('[data-refresh-seconds]');
if (status) {
  const seconds = Number(status.getAttribute('data-refresh-seconds'));
  if (seconds > 0) setTimeout(() => window.location.reload(), seconds * 1000);
}
