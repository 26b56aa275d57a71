/* dom: helpers that make the page's elements. Every string from the data goes in as text (textContent),
   never as HTML. No state. */
function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) { e.className = cls; }
  if (text !== undefined && text !== null) { e.textContent = String(text); }
  return e;
}
function button(text, onClick, cls) {
  var b = el("button", "kg-link" + (cls ? " " + cls : ""), text);
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}
function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
function byId(id) { return document.getElementById(id); }
