/* words: the one normalisation the page runs itself, on what the reader types. The twin of
   kgraph.errors.name_words (lower case; runs of letters and digits; a plural s dropped, but not from ss, us,
   is). Every name of the graph arrives already cut into these words (data.names), so a query and a name
   are compared alike. No state. */
function queryWords(text) {
  return String(text).toLowerCase().split(/[^0-9a-z\u00c0-\u024f\u0370-\u03ff]+/).filter(Boolean).map(function (w) {
    return (w.length > 3 && /s$/.test(w) && !/(ss|us|is)$/.test(w)) ? w.slice(0, -1) : w;
  });
}
function queryKey(text) { return queryWords(text).join(""); }
