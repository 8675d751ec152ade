import { describe, expect, it } from "vitest";
import { MAX_CONVERSATIONS, conversationKey, createConversationLibrary, type LibraryDeps } from "@/lib/chat-client/conversation-library";
import { storageHealthStore } from "@/lib/chat-client/storage-health";

/** A `Storage` in memory, optionally refusing writes as a full one does. */
function memoryStorage(options: { full?: boolean } = {}): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem(key, value) {
      if (options.full) throw new DOMException("full", "QuotaExceededError");
      items.set(key, value);
    },
  };
}

function setUp(overrides: Partial<LibraryDeps> = {}) {
  let clock = 1_000;
  let ids = 0;
  const local = overrides.local ?? memoryStorage();
  const deps: LibraryDeps = {
    local,
    session: memoryStorage(),
    now: () => (clock += 1),
    newId: () => `c${(ids += 1)}`,
    forget: (key) => local.removeItem(key),
    ...overrides,
  };
  return { deps, open: () => createConversationLibrary("ns", deps) };
}

const ask = (content: string, id = content) => [{ content }, { id }] as const;

describe("the conversation library", () => {
  it("lists a conversation from its first question, titled from it, and keeps it across a reload", () => {
    const { open } = setUp();
    const library = open();
    const first = library.getSnapshot().activeId;
    expect(library.getSnapshot().conversations).toEqual([]);

    library.noteQuestions(first, ...ask("what is osmosis?"));
    expect(library.getSnapshot().conversations.map((c) => c.title)).toEqual(["What is osmosis?"]);

    const reloaded = open();
    expect(reloaded.getSnapshot().activeId).toBe(first);
    expect(reloaded.getSnapshot().conversations.map((c) => c.id)).toEqual([first]);
  });

  it("New chat keeps the previous conversation, and a new chat is not listed until asked", () => {
    const { open } = setUp();
    const library = open();
    const first = library.getSnapshot().activeId;
    library.noteQuestions(first, ...ask("One"));
    library.startNew();
    const second = library.getSnapshot().activeId;
    expect(second).not.toBe(first);
    // A new chat is listed from its first question on.
    expect(library.getSnapshot().conversations.map((c) => c.id)).toEqual([first]);

    library.noteQuestions(second, ...ask("Two"));
    expect(library.getSnapshot().conversations.map((c) => c.title)).toEqual(["Two", "One"]);
    library.select(first);
    expect(library.getSnapshot().activeId).toBe(first);
  });

  it("puts the conversation asked in last at the top, but not one merely shown again", () => {
    const { open } = setUp();
    const library = open();
    const a = library.getSnapshot().activeId;
    library.noteQuestions(a, ...ask("A", "qa1"));
    library.startNew();
    const b = library.getSnapshot().activeId;
    library.noteQuestions(b, ...ask("B", "qb1"));
    library.select(a);
    library.noteQuestions(a, ...ask("A", "qa1"));
    expect(library.getSnapshot().conversations.map((c) => c.title)).toEqual(["B", "A"]);
    library.noteQuestions(a, { content: "A" }, { id: "qa2" });
    expect(library.getSnapshot().conversations.map((c) => c.title)).toEqual(["A", "B"]);
  });

  it("a title renamed by hand stays, and an empty rename changes nothing", () => {
    const { open } = setUp();
    const library = open();
    const id = library.getSnapshot().activeId;
    library.noteQuestions(id, ...ask("First", "q1"));
    library.rename(id, "  Exam prep ");
    library.rename(id, "   ");
    library.noteQuestions(id, { content: "First" }, { id: "q2" });
    expect(library.getSnapshot().conversations[0]).toMatchObject({ title: "Exam prep", titledByHand: true });
  });

  it("delete forgets the conversation and its messages; deleting the one shown opens a new chat", () => {
    const { open, deps } = setUp();
    const library = open();
    const id = library.getSnapshot().activeId;
    library.noteQuestions(id, ...ask("Doomed"));
    deps.local?.setItem(conversationKey("ns", id), "{}");
    library.remove(id);
    expect(library.getSnapshot().conversations).toEqual([]);
    expect(deps.local?.getItem(conversationKey("ns", id))).toBeNull();
    expect(library.getSnapshot().activeId).not.toBe(id);
  });

  it(`keeps the ${MAX_CONVERSATIONS} most recent conversations, with their messages, and forgets older ones`, () => {
    const { open, deps } = setUp();
    const library = open();
    const ids: string[] = [];
    for (let index = 0; index <= MAX_CONVERSATIONS; index += 1) {
      const id = library.getSnapshot().activeId;
      ids.push(id);
      deps.local?.setItem(conversationKey("ns", id), "{}");
      library.noteQuestions(id, ...ask(`Question ${index}`));
      library.startNew();
    }
    expect(library.getSnapshot().conversations).toHaveLength(MAX_CONVERSATIONS);
    expect(library.getSnapshot().conversations.some((c) => c.id === ids[0])).toBe(false);
    expect(deps.local?.getItem(conversationKey("ns", ids[0] ?? ""))).toBeNull();
    expect(deps.local?.getItem(conversationKey("ns", ids[1] ?? ""))).toBe("{}");
  });

  it("two tabs changing the list at once both keep their change", () => {
    const { open } = setUp();
    const mine = open();
    const theirs = open();
    theirs.startNew();
    mine.noteQuestions(mine.getSnapshot().activeId, ...ask("Mine"));
    // Theirs has not heard of mine yet (no storage event): its change starts from what is stored.
    theirs.noteQuestions(theirs.getSnapshot().activeId, ...ask("Theirs"));
    expect(theirs.getSnapshot().conversations.map((c) => c.title)).toEqual(["Theirs", "Mine"]);
  });

  it("when another tab deletes the conversation this one shows, this one moves to a new chat and forgets it", () => {
    const { open, deps } = setUp();
    const mine = open();
    const id = mine.getSnapshot().activeId;
    mine.noteQuestions(id, ...ask("Shared"));
    deps.local?.setItem(conversationKey("ns", id), "{}");
    const theirs = open();
    theirs.remove(id);
    deps.local?.setItem(conversationKey("ns", id), "{}"); // as if this tab's controller saved it again meanwhile
    mine.reload();
    expect(mine.getSnapshot().activeId).not.toBe(id);
    expect(mine.getSnapshot().conversations).toEqual([]);
    expect(deps.local?.getItem(conversationKey("ns", id))).toBeNull();
  });

  it("a list changed by another tab shows on reload()", () => {
    const { open } = setUp();
    const mine = open();
    const other = open();
    const id = mine.getSnapshot().activeId;
    mine.noteQuestions(id, ...ask("Shared"));
    expect(other.getSnapshot().conversations).toEqual([]);
    other.reload();
    expect(other.getSnapshot().conversations.map((c) => c.title)).toEqual(["Shared"]);
  });

  it("ignores a stored list that is not one, and works on when storage is full, reporting it", () => {
    const local = memoryStorage();
    local.setItem("ns#index", JSON.stringify({ conversations: [{ id: 1 }] }));
    expect(createConversationLibrary("ns", setUp({ local }).deps).getSnapshot().conversations).toEqual([]);

    const full = memoryStorage({ full: true });
    const library = createConversationLibrary("ns", { ...setUp({ local: full }).deps });
    const id = library.getSnapshot().activeId;
    library.noteQuestions(id, ...ask("Still works"));
    expect(library.getSnapshot().conversations.map((c) => c.title)).toEqual(["Still works"]);
    expect(storageHealthStore.getSnapshot()).toBe("full");
    // What could not be stored is kept in memory for this page.
    library.startNew();
    library.noteQuestions(library.getSnapshot().activeId, ...ask("And this"));
    expect(library.getSnapshot().conversations.map((c) => c.title)).toEqual(["And this", "Still works"]);
  });
});
