"""Knowledge: the actor KB, the gazetteer, named regions and cue lexicons (data + loaders)."""
