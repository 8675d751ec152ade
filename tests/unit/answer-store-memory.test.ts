import { createMemoryAnswerStore } from "@/lib/answers/memory-answer-store";
import { describeAnswerStoreContract } from "../answers/answer-store-contract";

// One process: the "other instance" is the same store.
describeAnswerStoreContract(
  "the memory store",
  async () => {
    const store = createMemoryAnswerStore();
    return { store, peer: store, cleanup: () => store.close() };
  },
  { losesProducer: false },
);
