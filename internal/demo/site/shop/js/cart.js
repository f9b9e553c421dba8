// The shop's own script: keeps the cart in localStorage and shows its size.
(function () {
  var cart = JSON.parse(localStorage.getItem('acme_cart') || '[]');
  localStorage.setItem('acme_cart', JSON.stringify(cart));
  sessionStorage.setItem('acme_last_page', location.pathname);
  var el = document.getElementById('cart-count');
  if (el) el.textContent = String(cart.length);
})();
