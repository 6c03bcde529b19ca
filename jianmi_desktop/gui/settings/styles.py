"""What the settings' parts share: the look of a result line and how long a test may take."""

TEST_TIMEOUT = 10.0
ERROR_STYLE = "color: #a4262c;"
OK_STYLE = "color: #1e6b2e;"
