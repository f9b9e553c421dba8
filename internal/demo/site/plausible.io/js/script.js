// Demo stand-in for Plausible: one page view event, no cookies.
(function () {
  fetch('https://plausible.io/api/event', {method: 'POST', keepalive: true, headers: {'Content-Type': 'text/plain'},
    body: JSON.stringify({n: 'pageview', u: location.href, d: 'www.acme-outdoor.example'})});
})();
