/** The look of the small text buttons under a message (Copy, Regenerate, Edit), in one place. */
export const ACTION_BUTTON_LOOK =
  "inline-flex items-center gap-1 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-200/70 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 dark:focus-visible:outline-maroon-300";

/** A standalone one. */
export const ACTION_BUTTON = `${ACTION_BUTTON_LOOK} rounded-md px-2`;
