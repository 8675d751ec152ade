/**
 * Members this instance holds in Redis sets that expire unless refreshed (readers of an answer,
 * stream slots of a client): one timer, running only while something is held, touches each
 * group's members in one call per group, so members of an instance that died lapse by themselves.
 */
export interface RefreshedMembers {
  /** Holds `member` in `group`; undefined lets it go. */
  track(member: string, group: string | undefined): void;
  /** What is held now: member → group. */
  held(): ReadonlyMap<string, string>;
  /** Lets everything go and stops the timer (the instance is closing). */
  clear(): void;
}

export function createRefreshedMembers(refreshMs: number, touch: (group: string, members: string[]) => void): RefreshedMembers {
  const held = new Map<string, string>(); // member → group
  let timer: ReturnType<typeof setInterval> | undefined;

  function refresh(): void {
    const byGroup = new Map<string, string[]>();
    for (const [member, group] of held) {
      const members = byGroup.get(group);
      if (members === undefined) byGroup.set(group, [member]);
      else members.push(member);
    }
    for (const [group, members] of byGroup) touch(group, members);
  }

  function stop(): void {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  }

  return {
    held: () => held,
    clear() {
      held.clear();
      stop();
    },
    track(member, group) {
      if (group === undefined) held.delete(member);
      else held.set(member, group);
      if (held.size > 0 && timer === undefined) {
        timer = setInterval(refresh, refreshMs);
        timer.unref?.();
      } else if (held.size === 0) {
        stop();
      }
    },
  };
}
