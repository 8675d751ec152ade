/**
 * Images in answers. The model can print `![x](https://anywhere.example/pixel?id=…)`, and an
 * `<img>` fetches its URL the moment the answer renders: that server learns the student's IP
 * address and when they read the answer, whatever the host page's CSP (a host may have none).
 * So an image is shown as a link the student may choose to open, unless the host allows remote
 * images. A `data:` image fetches nothing and is always shown.
 */
import { createContext, useContext, type ComponentPropsWithoutRef, type ReactNode } from "react";
import { defaultUrlTransform, type UrlTransform } from "react-markdown";

/**
 * Which remote images in answers load: `false` (the default) none, each shown as a link; `true`
 * any; a list only those from these origins (`["https://images.example.edu"]`).
 */
export type RemoteImages = boolean | readonly string[];

/** How one image is shown: loaded, as a link to it, or as its alt text when it has no usable URL. */
export type ImageDisplay = "image" | "link" | "text";

/** `RemoteImages` resolved once for an answer. */
export interface ImagePolicy {
  any: boolean;
  origins: ReadonlySet<string>;
}

const DATA_IMAGE = /^data:image\/[a-z0-9.+-]+[;,]/i;
const NO_REMOTE_IMAGES: ImagePolicy = { any: false, origins: new Set() };

/** react-markdown's default (which blanks `javascript:` and other unsafe URLs), plus data: images, which load nothing. */
export const markdownUrlTransform: UrlTransform = (url, key, node) =>
  key === "src" && node.tagName === "img" && DATA_IMAGE.test(url) ? url : defaultUrlTransform(url);

export function imagePolicy(allow: RemoteImages = false): ImagePolicy {
  if (typeof allow === "boolean") return allow ? { any: true, origins: new Set() } : NO_REMOTE_IMAGES;
  const origins = new Set<string>();
  for (const entry of allow) {
    const origin = originOf(entry);
    if (origin !== undefined) origins.add(origin);
  }
  return { any: false, origins };
}

/** `src` is what `markdownUrlTransform` left: empty when the URL was unsafe. */
export function imageDisplay(src: string | undefined, policy: ImagePolicy): ImageDisplay {
  if (!src) return "text";
  if (DATA_IMAGE.test(src) || policy.any) return "image";
  // Relative and protocol-relative URLs have no origin of their own here: they load only with `true`.
  const origin = originOf(src);
  return origin !== undefined && policy.origins.has(origin) ? "image" : "link";
}

function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

export const ImagePolicyContext = createContext<ImagePolicy>(NO_REMOTE_IMAGES);

/** Set inside a Markdown link: an image there becomes text, since a link cannot hold another link. */
const InsideLinkContext = createContext(false);

export function InsideLink({ children }: { children?: ReactNode }) {
  return <InsideLinkContext value={true}>{children}</InsideLinkContext>;
}

export function MarkdownImage({ node: _node, src, alt, title }: ComponentPropsWithoutRef<"img"> & { node?: unknown }) {
  const policy = useContext(ImagePolicyContext);
  const insideLink = useContext(InsideLinkContext);
  const url = typeof src === "string" ? src : undefined;
  const display = imageDisplay(url, policy);
  if (display === "image") {
    // No referrer: the page's URL may carry the course and student labels.
    return <img src={url} alt={alt ?? ""} title={title} loading="lazy" referrerPolicy="no-referrer" />;
  }
  const label = alt || url || "";
  if (display === "text" || insideLink) return label;
  return (
    <a href={url} title={title} target="_blank" rel="noopener noreferrer nofollow" data-markdown-image="">
      {label}
    </a>
  );
}
