"""Settings of the processes the fault tests start (servers, workers): the development
settings, with e-mail written one line per message to the file PREVENTHUB_TEST_MAIL_LOG,
each after PREVENTHUB_TEST_MAIL_DELAY seconds, so a test can count what was sent and
kill a worker while it sends."""

from config.settings import *  # noqa: F403

MAILERS = {"default": {"BACKEND": "config.tests.slow_mail.SlowFileBackend"}}
