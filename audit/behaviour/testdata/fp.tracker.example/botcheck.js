// A bot check: it hides the offer from automated browsers.
(function () {
  var robot = navigator.webdriver === true || /HeadlessChrome/.test(navigator.userAgent);
  document.getElementById('offer').textContent = robot ? '' : 'Welcome, person';
})();
