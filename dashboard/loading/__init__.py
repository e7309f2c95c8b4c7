"""Getting data in and out: the seed and its illustrative sample, the national layer, the
importer (with templates) and exports."""
