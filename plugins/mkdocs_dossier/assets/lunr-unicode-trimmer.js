
/* Added by mkdocs-dossier. lunr's trimmer cuts what JavaScript's \W matches
   (every letter outside A-Z) from both ends of each word, so a Khmer, Thai
   or Chinese word became an empty one and was never found. This trimmer
   keeps letters, marks and digits of every script. */
lunr.trimmer = function (token) {
  return token.update(function (s) {
    return s.replace(/^[^\p{L}\p{M}\p{N}_]+/u, "").replace(/[^\p{L}\p{M}\p{N}_]+$/u, "");
  });
};
lunr.Pipeline.registeredFunctions.trimmer = lunr.trimmer;
lunr.trimmer.label = "trimmer";
