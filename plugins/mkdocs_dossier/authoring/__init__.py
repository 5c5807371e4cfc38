"""Tools for editors writing the dossier: import a raw article, suggest its
annotation, review the whole dossier before publishing.

They read the dossier through the core and the pipeline like a build does, and
write only sources (an article file, the answers file); nothing here runs in a
build.
"""
