"""Interview-practice quiz: question bank, sessions, spaced repetition, progress store."""
