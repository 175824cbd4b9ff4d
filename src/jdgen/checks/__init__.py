"""The lint rule families: each turns a parsed posting into findings (see ``jdgen.lint``)."""
