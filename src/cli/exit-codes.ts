// Exit codes of the command line: a public contract (PRACTICES.md).

/** Ran; nothing at or above the failure threshold. */
export const EXIT_OK = 0;
/** Ran; findings at or above the threshold. */
export const EXIT_FINDINGS = 1;
/** Could not do what was asked: arguments, configuration, unreadable input, internal error. */
export const EXIT_USAGE = 2;
