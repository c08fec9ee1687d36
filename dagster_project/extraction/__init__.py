"""Dictionary- and rule-based extraction of diplomatic engagements from article text."""
