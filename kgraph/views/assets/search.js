/* Search: the concept a typed name finds, and the names that look like it. The names come from Python,
   cut into words and in the order of kgraph's ConceptIndex (data.names), each with the concept it finds,
   so the page finds what kg.find finds. A failed search ranks names in the tiers of
   kgraph.errors.close_matches; the spelling is compared by edit distance, word by word. State: the indexes,
   made on first use. */
function Search(data, model) {
  var names = data.names, unmentioned = data.unmentioned;
  var byWords = null, byKey = null, entries = null, unmentionedByKey = null;

  function find(query) {
    // The id of the concept a name finds (drawn or not), or null: the first name with the same words, else
    // the first with the same letters (IL6 is IL-6).
    if (!byWords) {
      byWords = Object.create(null);
      byKey = Object.create(null);
      names.words.forEach(function (w, k) {
        var key = w.replace(/ /g, "");
        if (!(w in byWords)) { byWords[w] = names.concept[k]; }
        if (!(key in byKey)) { byKey[key] = names.concept[k]; }
      });
    }
    var words = queryWords(query), i = byWords[words.join(" ")];
    if (i === undefined) { i = byKey[words.join("")]; }
    return i === undefined ? null : model.idAt(i);
  }
  function distance(a, b, limit) {
    // Levenshtein distance, or limit + 1 once it exceeds limit.
    if (Math.abs(a.length - b.length) > limit) { return limit + 1; }
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) { prev.push(j); }
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
        best = Math.min(best, cur[j]);
      }
      if (best > limit) { return limit + 1; }
      prev = cur;
    }
    return prev[b.length];
  }
  function tierOf(q, key, w, entryKey) {
    // The tiers of close_matches: the name starts with the query's words; has all of them; has words
    // starting with them (short words whole); contains the query (5 letters or more). -1: none of these.
    function has(test) { return q.every(function (t) { return w.some(function (x) { return test(x, t); }); }); }
    if (q.every(function (t, i) { return i < w.length && (w[i] === t || (i === q.length - 1 && w[i].indexOf(t) === 0)); })) { return 0; }
    if (has(function (x, t) { return x === t; })) { return 1; }
    if (has(function (x, t) { return x === t || (t.length >= 3 && x.indexOf(t) === 0); })) { return 2; }
    if (key.length >= 5 && entryKey.indexOf(key) >= 0) { return 3; }
    return -1;
  }
  function suggest(query, n) {
    // Up to n concept ids whose names look like the query, best first: by tier, then fewer edits (more
    // shared words), then the names' own order (ConceptIndex's: labels first, the more mentioned first).
    if (!entries) {
      entries = names.words.map(function (w, k) {
        return { concept: names.concept[k], words: w.split(" "), key: w.replace(/ /g, "") };
      });
    }
    var q = queryWords(query), key = q.join(""), limit = Math.max(1, Math.floor(key.length / 4)), scored = [];
    if (!key) { return []; }
    entries.forEach(function (c, order) {
      var w = c.words, tier = tierOf(q, key, w, c.key);
      var edits = distance(key, c.key.slice(0, key.length + limit), limit), wordEdits = 0;
      q.forEach(function (t) {  // each word of the query against the closest word of the name
        var lim = Math.max(1, Math.floor(t.length / 4)), best = lim + 1;
        w.forEach(function (x) { best = Math.min(best, distance(t, x, lim)); });
        wordEdits += best > lim ? 99 : best;
      });
      edits = Math.min(edits, wordEdits);
      if (tier < 0 && edits <= limit && key.length >= 5) { tier = 4; }  // a few letters away
      var common = q.filter(function (t) { return w.indexOf(t) >= 0; }), shared = common.length;
      if (tier < 0 && q.length >= 2 && 2 * shared >= q.length && common.join("").length >= 4) { tier = 5; edits = -shared; }
      if (tier >= 0) { scored.push([tier, edits, order, c.concept]); }
    });
    scored.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    var out = [];
    scored.forEach(function (s) {
      var id = model.idAt(s[3]);
      if (out.length < n && out.indexOf(id) < 0) { out.push(id); }
    });
    return out;
  }
  function neverMentioned(query) {
    // A concept of the lexicon that no document of the corpus mentions: {label, category}, or null.
    if (!unmentionedByKey) {
      unmentionedByKey = Object.create(null);
      unmentioned.keys.forEach(function (keys, i) {
        keys.forEach(function (k) { if (!(k in unmentionedByKey)) { unmentionedByKey[k] = i; } });
      });
    }
    var i = unmentionedByKey[queryKey(query)];
    return i === undefined ? null : { label: unmentioned.label[i], category: unmentioned.category[i] };
  }
  return { find: find, suggest: suggest, neverMentioned: neverMentioned };
}
