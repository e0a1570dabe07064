"""What is not the article: element names, CSS selectors and line patterns, kept as data.

Extraction quality is tuned by editing the lists below; the code that applies them lives in the
format modules. Patterns are matched case-insensitively against a whole line (plain text) or a
whole paragraph (HTML, WordPress), after surrounding spaces are trimmed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _alternation(patterns: Iterable[str]) -> re.Pattern[str]:
    """One compiled ``^(?:a|b|...)$`` pattern from a group; an empty group is a programming error."""
    group = tuple(patterns)
    if not group:
        raise ValueError("a boilerplate pattern group must not be empty")
    return re.compile(r"^(?:" + "|".join(f"(?:{p})" for p in group) + r")$", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# 1. HTML structure
# ---------------------------------------------------------------------------------------------

#: Elements whose content is never article text.
NON_TEXT_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "video",
        "audio",
        "source",
        "track",
        "map",
        "head",
        "title",
        "meta",
        "link",
        "button",
        "select",
        "option",
        "textarea",
        "input",
        "form",
        "dialog",
    }
)

#: Elements that start and end a paragraph of text.
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "aside",
        "header",
        "footer",
        "nav",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "figure",
        "figcaption",
        "table",
        "tr",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "hr",
        "address",
        "details",
        "summary",
        "center",
        "body",
        "html",
        "fieldset",
        "legend",
        "hgroup",
    }
)

#: Table cells: kept on their row's line, separated by a space.
CELL_TAGS = frozenset({"td", "th"})

# ---------------------------------------------------------------------------------------------
# 2. Plain-text debris: whole lines that are website furniture, not article text
# ---------------------------------------------------------------------------------------------

_SOCIAL = r"facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|email|e-mail|print|messenger|copy link"

DEBRIS_LINE = _alternation(
    [
        # share bars and social buttons
        r"share",
        r"shares?:?",
        r"share (?:this|the|on|via|to)\b.{0,40}",
        r"tweet(?: this)?",
        r"pin it",
        rf"(?:(?:{_SOCIAL})[\s|,/·•]*){{1,10}}",
        r"follow us(?: on .{0,40})?",
        r"like us on facebook",
        # feeds and newsletters
        r"rss(?: feed)?",
        r"subscribe(?: now| here| to .{0,60})?!?",
        r"sign up(?: for| to) .{0,60}newsletter.{0,40}",
        r"(?:get|receive) (?:our|the) .{0,40}newsletter.{0,40}",
        r"newsletter",
        # advertising
        r"advertisement",
        r"advertising",
        r"sponsored(?: content)?",
        r"ad",
        r"story continues (?:below|after).{0,30}",
        r"continue reading(?: below| the main story)?",
        r"scroll (?:down )?to continue(?: with content)?",
        # navigation
        r"skip to (?:main )?content",
        r"menu",
        r"back to top",
        r"next (?:article|story|post)",
        r"previous (?:article|story|post)",
        r"related(?: articles| stories| posts| news| content)?:?",
        r"read (?:more|next|also):?",
        r"you may also like:?",
        r"most (?:read|popular|viewed)",
        r"trending(?: now)?",
        # comment forms
        r"leave a (?:reply|comment)(?: cancel reply)?",
        r"cancel reply",
        r"post(?: a)? comment",
        r"comments?",
        r"\d+ (?:comments?|responses?|replies)",
        r"(?:name|email|website|comment) ?\*?",
        r"your email address will not be published\.?(?: required fields are marked \*)?",
        r"required fields are marked \*",
        r"save my name, email, and website in this browser.{0,60}",
        r"notify me of (?:follow-up comments|new posts).{0,40}",
        r"you must be logged in to post a comment\.?",
        # footers
        r"(?:©|\(c\)).{0,120}",
        r"copyright\s*(?:©|\(c\))?\s*(?:\d{4}|by\b).{0,120}",
        r".{0,120}all rights reserved\.?",
        r"(?:click|tap) here to .{0,80}",
    ]
)

#: A line (or paragraph) where the comment section or the page footer starts: it and everything
#: after it are dropped.
TAIL_START = _alternation(
    [
        r"leave a (?:reply|comment).{0,40}",
        r"post a comment",
        r"add a comment",
        r"(?:join|start) the (?:discussion|conversation)",
        r"your email address will not be published.{0,80}",
        r"\d+ (?:comments|responses|thoughts on .{0,200})",
        r"you must be logged in to post a comment.{0,20}",
        r"comments are closed\.?",
    ]
)

#: Debris glued to the end of a sentence, as in ``...built in.”RSS`` or
#: ``...last sentence.Leave a Reply Your email address ...``: the glued part is cut off.
GLUED_TAIL = re.compile(
    r"(?<=[.!?\"”’'»)\]])\s*(?:"
    r"RSS|SHARE|Share|Tweet|Advertisement"
    r"|Leave a (?:Reply|reply|Comment|comment)\b.*"
    r"|Your email address will not be published\b.*"
    r")$"
)

#: A breadcrumb trail on the first lines: "Home > News > World", "Home TRENDING Title".
BREADCRUMB = re.compile(
    r"^(?:home|start|startseite|inicio|accueil)\s*(?:[>»/|›·:\-–]\s*\S|\s+[A-Z]{2,}\b)", re.IGNORECASE
)
BREADCRUMB_SEPARATED = re.compile(r"^.{1,40}(?:\s[>»/|›]\s.{1,60}){2,}$")
BREADCRUMB_SEPARATORS = (">", "»", "›", " / ", " | ")

#: Characters that end a sentence; a line ending otherwise may have been wrapped.
SENTENCE_END = frozenset(".!?:;\"”’'»)]…")

# ---------------------------------------------------------------------------------------------
# 3. Inside WordPress ``content.rendered``: plugin furniture appended to the post
# ---------------------------------------------------------------------------------------------

WORDPRESS_JUNK_SELECTORS = (
    ".sharedaddy",
    ".jp-relatedposts",
    ".sd-sharing-enabled",
    ".addtoany_share_save_container",
    ".yarpp-related",
    ".wp-block-buttons",
    ".wpcnt",
    ".code-block",
    ".heateor_sss_sharing_container",
    ".ssba",
    ".social-share",
    "script",
    "style",
    "noscript",
    "iframe",
    "form",
)

# ---------------------------------------------------------------------------------------------
# 4. Web pages: elements removed before the article is looked for
# ---------------------------------------------------------------------------------------------

HTML_JUNK_SELECTORS = (
    # never text
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "object",
    "embed",
    "canvas",
    "form",
    "button",
    "select",
    "textarea",
    "input",
    "dialog",
    # hidden
    "[hidden]",
    '[aria-hidden="true"]',
    '[style*="display:none"]',
    '[style*="display: none"]',
    '[style*="visibility:hidden"]',
    '[style*="visibility: hidden"]',
    # page furniture
    "nav",
    '[role="navigation"]',
    '[role="banner"]',
    '[role="contentinfo"]',
    '[role="complementary"]',
    "body > header",
    "body > footer",
    "aside",
    ".breadcrumb",
    ".breadcrumbs",
    '[class*="breadcrumb"]',
    # sharing, comments, related and promoted stories, newsletters, cookies, ads
    '[class*="share-"]',
    '[class*="-share"]',
    '[class*="social"]',
    ".sharedaddy",
    ".addtoany_share_save_container",
    "#comments",
    ".comments",
    '[class*="comment-"]',
    "#respond",
    ".comment-respond",
    '[class*="related"]',
    '[class*="recommend"]',
    '[class*="most-read"]',
    '[class*="mostread"]',
    '[class*="popular"]',
    '[class*="newsletter"]',
    '[class*="subscribe"]',
    '[class*="signup"]',
    '[class*="cookie"]',
    '[id*="cookie"]',
    '[class*="consent"]',
    '[class*="gdpr"]',
    '[class*="paywall"]',
    '[class~="ad"]',
    '[class~="ads"]',
    '[class*="advert"]',
    '[class*="ad-slot"]',
    '[class*="ad-container"]',
    '[id*="google_ads"]',
    '[class*="sponsor"]',
    '[class*="promo"]',
    '[class*="outbrain"]',
    '[class*="taboola"]',
    '[class*="sidebar"]',
    '[id*="sidebar"]',
    '[class*="widget"]',
    '[class*="skip-link"]',
)

#: Containers that usually hold exactly the article, most specific first.
ARTICLE_SELECTORS = (
    '[itemprop="articleBody"]',
    '[class*="article-body"], [class*="articleBody"], [class*="article__body"], [class*="story-body"], '
    '[class*="entry-content"], [class*="post-content"], [class*="article-content"], [class*="post-body"], '
    '[class*="story-content"], [class*="articleBody"], [class*="article-text"], [class*="content-body"]',
    "article",
    '[role="main"], main',
)
