/**
 * The stand-in's course materials: what a project's document search could return, with the
 * fields CreateAI is asked for (`content`, `source_name`, `page_number`) and the extras real
 * collections carry (a chunk id, a web page's `source_url`). Which ones answer a query follows
 * from the query alone, so tests can predict them and every run of a demo looks the same.
 */

/** One retrieved chunk as it appears in `metadata.sources`, before its score. */
export interface StandinSource {
  source_name: string;
  content: string;
  page_number?: number;
  chunk_id?: string;
  source_url?: string;
}

/** A source as sent: the chunk plus its relevance, highest first. */
export type ScoredStandinSource = StandinSource & { score: number };

/** Lecture notes with pages, a textbook chapter by chunk, web pages with a URL, and one very long file name. */
export const COURSE_MATERIALS: readonly StandinSource[] = [
  {
    source_name: "BIO181-Lecture-07-Cell-Membranes.pdf",
    page_number: 4,
    content:
      "Osmosis is the diffusion of water across a selectively permeable membrane, from the side with fewer dissolved solutes to the side with more. No energy from the cell is needed.",
  },
  {
    source_name: "OpenStax Biology 2e, Chapter 5: Structure and Function of Plasma Membranes",
    chunk_id: "5.2-03",
    content:
      "Tonicity describes how an extracellular solution can change the volume of a cell by affecting osmosis. In a hypotonic solution water enters the cell; in a hypertonic one it leaves.",
  },
  {
    source_name: "OpenStax Biology 2e: 5.2 Passive Transport",
    source_url: "https://openstax.org/books/biology-2e/pages/5-2-passive-transport",
    content:
      "Passive transport does not require the cell to expend any energy. Substances move from an area of higher concentration to an area of lower concentration, down their gradient.",
  },
  {
    source_name: "BIO181-Lecture-09-Cellular-Respiration.pdf",
    page_number: 12,
    content:
      "Glycolysis splits one glucose into two pyruvate in the cytosol, netting 2 ATP and 2 NADH. The citric acid cycle and oxidative phosphorylation follow in the mitochondrion.",
  },
  {
    source_name: "BIO181_Spring2026_Week03_Lab_Handout_Osmosis_and_Tonicity_in_Plant_and_Animal_Cells_FINAL_v2.docx",
    page_number: 2,
    chunk_id: "lab3-07",
    content:
      "Place the potato cores in 0.0 M, 0.2 M and 0.4 M sucrose for 30 minutes, blot them dry and weigh them again. Record the percent change in mass for each concentration.",
  },
  {
    source_name: "CHM113-Lecture-05-Thermodynamics.pdf",
    page_number: 7,
    content:
      "Entropy (S) measures how many microstates are available to a system. For a spontaneous process the entropy of the universe increases: ΔS_univ = ΔS_sys + ΔS_surr > 0.",
  },
  {
    source_name: "APA Style: Reference examples",
    source_url: "https://apastyle.apa.org/style-grammar-guidelines/references/examples",
    content:
      "Lecture notes and slides from a course are cited with the instructor as author, the date, the title in italics, the course and the learning management system's URL.",
  },
];

/** Relevance scores by rank: the best match first, each a little lower, as a vector search reports them. */
const SCORES = [0.91, 0.84, 0.78, 0.71] as const;

/** Words too common to tell materials apart. */
const STOP_WORDS = new Set(["what", "does", "with", "from", "that", "this", "have", "about", "explain", "which", "where", "when", "there", "their", "into", "your", "please", "work", "show"]);

/** 32-bit FNV-1a: small, stable across runs and platforms, and enough to spread queries over the materials. */
function hashQuery(query: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(query)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** How many of the query's words a material mentions: a crude stand-in for vector similarity. */
function overlap(material: StandinSource, words: readonly string[]): number {
  const haystack = `${material.source_name} ${material.content}`.toLowerCase();
  return words.filter((word) => haystack.includes(word)).length;
}

/**
 * The 2 to 4 materials that answer `query`, best first: those sharing most words with it, ties
 * (and a query matching nothing) broken by its hash. Always the same ones for the same query.
 */
export function pickSources(query: string): ScoredStandinSource[] {
  const hash = hashQuery(query);
  const count = 2 + (hash % 3);
  const first = (hash >>> 8) % COURSE_MATERIALS.length;
  const words = [...new Set(query.toLowerCase().match(/\p{L}{4,}/gu) ?? [])].filter((word) => !STOP_WORDS.has(word));
  const ranked = COURSE_MATERIALS.map((material, index) => ({
    material,
    overlap: overlap(material, words),
    tieBreak: (index - first + COURSE_MATERIALS.length) % COURSE_MATERIALS.length,
  })).sort((a, b) => b.overlap - a.overlap || a.tieBreak - b.tieBreak);
  return SCORES.slice(0, count).map((score, rank) => ({ ...(ranked[rank] as (typeof ranked)[number]).material, score }));
}
