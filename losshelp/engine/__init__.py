"""Facts in, ranked causes with explanations out; picks the next best question."""
