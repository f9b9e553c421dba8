// Demo stand-in for a Meta pixel: sets _fbp from script and requests the
// tracking pixel, whose response sets a third-party cookie.
(function () {
  var fbp = 'fb.1.' + Date.now() + '.' + Math.floor(Math.random() * 1e9);
  document.cookie = '_fbp=' + fbp + '; path=/; max-age=' + 60 * 60 * 24 * 90 + '; SameSite=Lax';
  var img = new Image(1, 1);
  img.src = 'https://www.facebook.com/tr?id=1234567890&ev=PageView&fbp=' + encodeURIComponent(fbp);
})();
