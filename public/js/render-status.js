// The "being prepared" page, live: it asks for the same page again every two seconds and puts
// the parts that changed (heading, steps, message) in place; the message is a live region, so a
// screen reader hears it. A draft that becomes ready starts downloading. Without JavaScript, the
// page's "Check again" link does the same by hand.
(() => {
  const region = document.getElementById('render-status');
  if (!region) return;
  const finished = (status) => status === 'ready' || status === 'failed';
  const poll = async () => {
    try {
      const response = await fetch(location.href, { headers: { accept: 'text/html' }, credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) return setTimeout(poll, 5000);
      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById('render-status');
      if (!fresh) return;
      for (const part of fresh.querySelectorAll('[data-part]')) {
        const here = region.querySelector(`[data-part="${part.dataset.part}"]`);
        if (here && here.innerHTML !== part.innerHTML) here.innerHTML = part.innerHTML;
      }
      region.dataset.status = fresh.dataset.status;
      if (!finished(fresh.dataset.status)) return setTimeout(poll, 2000);
      if (fresh.dataset.pdf) location.assign(fresh.dataset.pdf);
    } catch {
      setTimeout(poll, 5000);
    }
  };
  if (!finished(region.dataset.status)) setTimeout(poll, 2000);
})();
