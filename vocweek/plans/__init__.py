"""Activity plans (活动方案): what every city bureau and provincially administered school files
before the week — its plan document, a summary, its topic website and its liaison — and who is
on time, late or missing."""
