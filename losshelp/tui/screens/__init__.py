"""One screen per file; each presents one part of losshelp."""
