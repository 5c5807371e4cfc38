
/* Added by mkdocs-dossier. MkDocs' own search adds every entry with the same
   weight, so "Sokha" found the arrest event (a short page naming him) above
   his own page. The plugin writes each entry's page boost (the front
   matter's search.boost, which Material's search reads) into the index as
   "boost"; lunr takes a document's boost as the add() attribute. */
(function () {
  var add = lunr.Builder.prototype.add;
  lunr.Builder.prototype.add = function (doc, attributes) {
    if (!attributes && doc && typeof doc.boost === "number" && doc.boost > 0) {
      attributes = { boost: doc.boost };
    }
    return add.call(this, doc, attributes);
  };
})();
