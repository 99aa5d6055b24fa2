"""Per-document analysis: one article in, a :class:`DocumentAnalysis` out.

This is the NLP stage, readable top to bottom:

1. split the stored text into blocks (lines) and run spaCy on them (the
   blocks of a few articles in one stream: :func:`analyze_batch`);
2. turn entities into typed mentions (:mod:`kg.nlp.mentions`);
3. group the mentions into the document's local entities (one per person,
   state, mineral, ...), so "Zelensky" joins the "Volodymyr Zelensky" above it;
   then bind pronouns and definite descriptions ("he", "the country") to them
   (:mod:`kg.nlp.coref`), so extractors read them as names;
4. run every registered extractor (:mod:`kg.extract`) over the sentences.

Nothing returned holds a spaCy object, so analyses can cross process
boundaries (``-j N``, Dask) and the Docs are freed at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from kg.extract import run_extractors
from kg.lexicon.names import compatible_given, first_surname_key, given_names, one_edit_apart, person_key
from kg.lexicon.tables import Lexicon, LexiconEntry, load_lexicon, normalise
from kg.nlp.blocks import block_text, is_dateline, is_heading, iter_blocks, signs_for
from kg.nlp.context import DocContext, EntityDraft, Sentence
from kg.nlp.coref import resolve_references
from kg.nlp.kinds import LEGAL_FORMS, initials, short_company_name
from kg.nlp.mentions import RawMention, raw_mentions
from kg.nlp.spans import typed_names
from kg.nlp.token_table import token_table
from kg.types import Document, DocumentAnalysis, Mention, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PLACE_SUFFIX = ("region", "regions", "oblast", "oblasts", "province", "provinces", "district", "districts", "department", "county", "prefecture", "governorate", "municipality")
#: Legal forms and generic words after a company's name (normalised, so "S.A." is "sa"); the name alone is the same company.
COMPANY_SUFFIXES = LEGAL_FORMS | {"corporation", "corp", "incorporated", "limited", "co", "group", "holdings", "company", "jsc", "pjsc"}
#: Words that name a mining site after its name; the name alone is the same place.
SITE_WORDS = frozenset({"mine", "mines", "deposit", "deposits", "project", "prospect", "pit", "operation", "area", "uranium", "lithium", "copper", "gold", "nickel", "cobalt", "iron", "ore"})


#: Articles parsed together: their blocks go through one ``nlp.pipe`` stream
#: and their headlines through one re-parse, since every ``nlp.pipe`` call
#: costs a few milliseconds however short its input. spaCy's output for a
#: block does not depend on its batch-mates, so neither does the analysis.
ARTICLES_PER_BATCH = 8


def analyze_documents(documents: Iterable[Document], nlp: Language, batch_size: int = 64) -> Iterator[DocumentAnalysis]:
    """Analyse documents a few at a time, streaming (no Doc outlives its batch)."""
    lexicon = load_lexicon()
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) == ARTICLES_PER_BATCH:
            yield from analyze_batch(batch, nlp, lexicon, batch_size)
            batch = []
    if batch:
        yield from analyze_batch(batch, nlp, lexicon, batch_size)


def analyze(document: Document, nlp: Language, lexicon: Lexicon | None = None, batch_size: int = 64) -> DocumentAnalysis:
    """Analyse one document."""
    [analysis] = analyze_batch([document], nlp, lexicon, batch_size)
    return analysis


def analyze_batch(documents: Sequence[Document], nlp: Language, lexicon: Lexicon | None = None, batch_size: int = 64) -> list[DocumentAnalysis]:
    """Analyse several documents, their blocks parsed in one stream; one analysis per document, in order."""
    lexicon = lexicon or load_lexicon()
    max_chars = min(nlp.max_length - 1, MAX_BLOCK_CHARS)
    blocks = [list(iter_blocks(document.text, max_chars=max_chars)) for document in documents]
    stream = ((text, index) for index, document_blocks in enumerate(blocks) for _, text in document_blocks)
    docs: list[list[Doc]] = [[] for _ in documents]
    for doc, index in _parse_bounded(nlp, stream, batch_size):
        docs[index].append(doc)
    for document_blocks, document_docs in zip(blocks, docs, strict=True):
        previous = ""
        for (_, text), doc in zip(document_blocks, document_docs, strict=True):
            doc.user_data["kg_text"] = text
            if signs_for(previous):
                doc.user_data["kg_signer_line"] = True  # "For the Government of Japan:" then the signer's name
            previous = text
    _reparse_headlines(docs, nlp)
    return [_analyze_parsed(document, lexicon, blocks[i], docs[i]) for i, document in enumerate(documents)]


#: Characters spaCy parses at once. Its tok2vec and parser work on a whole
#: batch together, so 64 blocks of 100,000 characters (a 5 MB line) made one
#: array of a million rows and 12 GB; batches bounded by characters keep that
#: small. 200,000 characters (two 100,000-character blocks) still peaked at
#: ~500 MB above the model (issue 18, measured Dec 2026); 50,000 characters
#: of blocks of at most 10,000 keep a parse under ~100 MB. Ordinary batches
#: (64 lines of a few hundred characters) stay whole.
MAX_BATCH_CHARS = 50_000
#: A longer line is cut near here, at a sentence end (:func:`kg.nlp.mentions.iter_blocks`);
#: paragraphs of real articles are far shorter (the seeds' longest line is 500).
MAX_BLOCK_CHARS = 10_000


def _parse_bounded(nlp: Language, stream: Iterable[tuple[str, int]], batch_size: int) -> Iterator[tuple[Doc, int]]:
    """``nlp.pipe(stream, as_tuples=True)`` in batches of at most ``batch_size`` blocks and :data:`MAX_BATCH_CHARS` characters.

    spaCy's output for a block does not depend on its batch-mates, so the
    cut changes memory, never the analysis.
    """
    batch: list[tuple[str, int]] = []
    chars = 0
    for item in stream:
        if batch and (len(batch) == batch_size or chars + len(item[0]) > MAX_BATCH_CHARS):
            yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[0])
    if batch:
        yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)


def _analyze_parsed(document: Document, lexicon: Lexicon, blocks: list[tuple[int, str]], docs: list[Doc]) -> DocumentAnalysis:
    """Steps 2-4 for one document whose blocks are parsed."""
    ctx = DocContext(document, lexicon)
    names = typed_names(docs, lexicon)
    block_mentions: list[list[RawMention]] = []
    for number, ((offset, _), doc) in enumerate(zip(blocks, docs, strict=True)):
        doc.user_data["kg_block"] = number
        heading = bool(doc.user_data.get("kg_heading")) or is_heading(doc)
        text = block_text(doc)
        for sent in doc.sents:
            if not text[sent.start_char : sent.end_char].strip():
                continue
            ctx.sentences.append(Sentence(len(ctx.sentences), sent, offset + sent.start_char, offset + sent.end_char, heading, number))
        # a dateline ("WASHINGTON, March 28 (Reuters) - ") names the desk, not the story
        dateline = is_dateline(text)
        if dateline:
            ctx.dateline_blocks.add(number)
        block_mentions.append([] if dateline else raw_mentions(doc, lexicon, names))
    _cluster(ctx, blocks, docs, block_mentions)
    _merge_spelling_variants(ctx)
    _link_bare_bodies(ctx)
    _unlink_bodies_of_unnamed_states(ctx)
    resolve_references(ctx)
    run_extractors(ctx)
    return DocumentAnalysis(
        document=document,
        sentences=tuple(Span(s.start, s.end, document.text[s.start : s.end]) for s in ctx.sentences),
        entities=tuple(ctx.entities[k].freeze() for k in sorted(ctx.entities)),
        facts=tuple(sorted(set(ctx.facts), key=lambda f: (f.evidence.start, f.subject, f.predicate, f.object, f.evidence.rule))),
        mentions=tuple(sorted(ctx.mentions, key=lambda m: (m[1].start, m[0]))),
    )


def _sentence_case(doc: Doc) -> str | None:
    """A headline in sentence case ("Ukraine rejects U.S. mineral access proposal"), same length.

    spaCy parses Title Case badly (every word a proper noun); names found in
    the first pass keep their capitals so the ruler and NER still see them.
    """
    if not is_heading(doc) or sum(1 for t in doc if t.is_alpha) < 4:
        return None
    pieces = []
    for token in doc:
        keep = token.i == 0 or token.ent_type_ or token.is_upper or not token.is_alpha
        pieces.append((token.text if keep else token.text.lower()) + token.whitespace_)
    text, original = "".join(pieces), block_text(doc)
    return text if len(text) == len(original) and text != original else None


def _reparse_headlines(docs: list[list[Doc]], nlp: Language) -> None:
    """Replace title-cased heading blocks by a parse of their sentence-case text, all documents in one ``nlp.pipe``."""
    recased = {(i, j): text for i, blocks in enumerate(docs) for j, doc in enumerate(blocks) if (text := _sentence_case(doc))}
    for doc, (i, j) in nlp.pipe(((text, where) for where, text in recased.items()), as_tuples=True):
        doc.user_data["kg_heading"] = True
        doc.user_data["kg_text"] = recased[(i, j)]
        docs[i][j] = doc


def _sentence_index(ctx: DocContext) -> dict[tuple[int, int], Sentence]:
    """(block, first token of the spaCy sentence) -> Sentence, for constant-time lookups."""
    return {(s.block, s.span.start): s for s in ctx.sentences}


def _local_id(mention: RawMention) -> str:
    if mention.kind == "Place" and mention.key:
        return f"Place:capital:{mention.key}"
    if mention.key:
        return f"{mention.kind}:{mention.key}"
    name = normalise(mention.text)
    if name.startswith("the "):
        name = name[4:]
    if mention.kind == "Place":
        words = [w for w in name.split() if w not in PLACE_SUFFIX]
        while len(words) > 1 and words[-1] in SITE_WORDS:
            words.pop()  # "Reko Diq Mine", "Husab uranium project" and "Reko Diq", "Husab" are one place
        name = " ".join(words) or name
    if mention.kind == "Organization":
        words = name.split()
        while len(words) > 1 and words[-1].rstrip(",") in COMPANY_SUFFIXES:
            words.pop()  # "Tianqi Lithium Corporation" and "Tianqi Lithium" are one company
        name = " ".join(words)
    return f"{mention.kind}:{name}"


def _cluster(ctx: DocContext, blocks: list[tuple[int, str]], docs: list[Doc], block_mentions: list[list[RawMention]]) -> None:
    """Group mentions into local entities and bind their tokens."""
    sentences = _sentence_index(ctx)
    people = _person_groups([m for ms in block_mentions for m in ms if m.kind == "Person"])
    surname_to_person = {person_key(name): local_id for name, local_id in people.items()}
    for name, local_id in people.items():  # "Ibarra" of "Raúl Ibarra Soria", which the NER may call a body
        if (first := first_surname_key(name)) is not None:
            surname_to_person.setdefault(first, local_id)
    # "Sable Resources SA … granted Sable a concession": the short form of a company the article names in full is that company
    companies = [m for ms in block_mentions for m in ms if m.kind == "Organization" and not m.key and ctx.lexicon.lookup(m.text.split()[0], ("name", "demonym", "capital")) is None]
    short_forms = {f"Organization:{normalise(short)}": _local_id(m) for m in companies if (short := short_company_name(m.text.split()))}
    bodies = [m for ms in block_mentions for m in ms if m.kind == "Organization" and not m.key]
    short_forms |= {f"Organization:{normalise(acronym)}": _local_id(m) for m in bodies if (acronym := initials(m.text.split()))}  # "JICA" of "Japan International …"
    # "Nyasa Critical Metals … Nyasa said": a lone name no person of the article bears is the company's short name,
    # also where the NER calls it a place, if it calls it a person or a body elsewhere (a site may share a company's name)
    company_names = {form: company for form, local_id in people.items() if local_id.endswith("/") and (company := short_forms.get(f"Organization:{normalise(form)}"))}
    company_names |= {m.text: company for ms in block_mentions for m in ms if m.kind == "Organization" and not m.key and (company := short_forms.get(f"Organization:{normalise(m.text)}"))}
    agent_forms = {m.text for ms in block_mentions for m in ms if m.kind in ("Person", "Organization")}
    lone_companies = {people[form] for form in company_names if people.get(form, "").endswith("/")}  # lone "people" that are companies
    surname_to_person = {key: local_id for key, local_id in surname_to_person.items() if local_id not in lone_companies}
    for number, mentions in enumerate(block_mentions):
        offset = blocks[number][0]
        doc = docs[number]
        for mention in mentions:
            kind = mention.kind
            short_name = mention.text in company_names and (kind in ("Person", "Organization") or mention.text in agent_forms)
            if short_name:
                kind, local_id = "Organization", company_names[mention.text]
            elif kind == "Person" and mention.start_token == 0 and people[mention.text].endswith("/") and mention.text.isupper() and doc[1:2].text == ":":
                continue  # "NOTE:", "PRATES:" where nobody of the article is a Prates: a turn's label, no person
            elif kind == "Person":
                local_id = people[mention.text]
            elif mention.maybe_person and person_key(mention.text) in surname_to_person:
                kind, local_id = "Person", surname_to_person[person_key(mention.text)]
            else:
                local_id = _local_id(mention)
                local_id = short_forms.get(local_id, local_id) if kind == "Organization" and not mention.key else local_id
            draft = ctx.entity(local_id, kind, mention.key if kind != "Person" else None)
            draft.forms.append(mention.text)
            draft.mentions += 1
            draft.maybe_person = draft.maybe_person or (mention.maybe_person and not short_name)
            for i in range(mention.start_token, mention.end_token):
                ctx.bind(doc[i], local_id)
            sentence = sentences.get((number, token_table(doc).sentence_start[mention.start_token]))
            index = sentence.index if sentence else 0
            if sentence is not None:
                sentence.mentions.append((local_id, mention.start_token, mention.end_token))
            ctx.mentions.append(
                (local_id, Mention(offset + mention.start_char, offset + mention.end_char, mention.text, kind, mention.key, index))
            )


def _bare_bodies(lexicon: Lexicon) -> dict[str, LexiconEntry]:
    """Bare head -> the body an article names by it once its context is known (the lexicon's ``bare_name``)."""
    return {e.bare_name: e for e in lexicon.entries.values() if e.bare_name}


def _link_bare_bodies(ctx: DocContext) -> None:
    """ "in July the Commission and Serbia signed": in an article that names the EU, "Commission" is the European Commission."""
    keys = {d.key for d in ctx.entities.values() if d.key}
    bodies = ctx.lexicon.derived("analyze.bare_bodies", _bare_bodies)
    for draft in ctx.entities.values():
        body = bodies.get(draft.local_id.split(":", 1)[1]) if draft.kind == "Organization" and draft.key is None else None
        if body is not None and keys & set(body.bare_context):
            draft.key = body.key


#: Words that name a kind of national institution, which many states have: "the Senate", "Congress", "the Treasury".
INSTITUTION_WORDS = frozenset({"senate", "congress", "treasury", "parliament", "cabinet", "assembly", "legislature", "presidency", "judiciary"})


def _unlink_bodies_of_unnamed_states(ctx: DocContext) -> None:
    """ "The Senate will review the deal" in an article that never names the United States is not the U.S. Senate.

    The lexicon links the bare words "Senate", "Congress" and "Treasury" to
    the U.S. bodies news names most; many states have a Senate, a Congress or
    a Treasury. Named only by such an institution's word, in an article that
    names neither the body's state nor another body of it by a longer name,
    the mention stays an unlinked organisation of its own name ("Pentagon",
    "BHP" and "Codelco" name one body wherever they appear).
    """
    def bare_forms(draft: EntityDraft) -> list[str]:
        return [normalise(f).removeprefix("the ") for f in draft.forms]

    linked = [(d, e) for d in ctx.entities.values() if d.key and (e := ctx.lexicon.entries.get(d.key)) is not None]
    named_states = {d.key for d, _ in linked if d.kind == "State"}
    named_states |= {e.country for d, e in linked if e.country and any(" " in b for b in bare_forms(d))}  # "the US Treasury"
    for draft, entry in linked:
        bare = bare_forms(draft)
        if draft.kind != "Organization" or not entry.country or entry.country in named_states or not bare or not set(bare) <= INSTITUTION_WORDS:
            continue
        unlinked = ctx.entity(f"Organization:{bare[0]}", "Organization")
        ctx.merge(draft.local_id, unlinked.local_id)
        unlinked.named = draft.named


def _merge_spelling_variants(ctx: DocContext) -> None:
    """Places and organisations spelt two ways in one article ("Balochistan", "Baluchistan", "Jinlu Lithium" and "Jinlu") are one.

    Only long names (seven letters or more) one letter apart, and only within
    the article, where two different places that close in spelling are rare;
    the commoner spelling keeps the mentions.
    """
    orgs = [d for d in ctx.entities.values() if d.kind == "Organization" and d.key is None]
    for short in orgs:
        words = short.local_id.split(":", 1)[1].split()
        for full in orgs:
            extra = full.local_id.split(":", 1)[1].split()[len(words) :]
            if full is not short and full.local_id.split(":", 1)[1].split()[: len(words)] == words and extra and all(ctx.lexicon.lookup(w, ("name",)) is not None and ctx.lexicon.lookup(w, ("name",)).kind == "Mineral" for w in extra):  # type: ignore[union-attr]
                ctx.merge(short.local_id, full.local_id)  # "Jinlu" is "Jinlu Lithium"
                break
    for kind in ("Place", "Organization"):
        drafts = sorted((d for d in ctx.entities.values() if d.kind == kind and d.key is None), key=lambda d: (-d.mentions, d.local_id))
        names = {d.local_id: d.local_id.split(":", 1)[1] for d in drafts}
        for i, kept in enumerate(drafts):
            if kept.local_id not in ctx.entities:
                continue
            for other in drafts[i + 1 :]:
                if other.local_id in ctx.entities and len(names[kept.local_id]) >= 7 and one_edit_apart(names[kept.local_id], names[other.local_id]):
                    ctx.merge(other.local_id, kept.local_id)


def _person_groups(mentions: list[RawMention]) -> dict[str, str]:
    """Map each person surface form to a local id: full names first, then lone surnames."""
    forms = sorted({m.text for m in mentions}, key=lambda f: (-len(f.split()), f))
    groups: dict[str, list[str]] = {}  # local id -> full forms
    assignment: dict[str, str] = {}
    for form in forms:
        key = person_key(form)
        if len(form.split()) >= 2:
            for local_id, members in groups.items():
                if local_id.split(":")[1].split("/")[0] == key and compatible_given(given_names(form), given_names(members[0])):
                    members.append(form)
                    assignment[form] = local_id
                    break
            else:
                local_id = f"Person:{key}/{normalise(given_names(form))}"
                groups[local_id] = [form]
                assignment[form] = local_id
        else:
            candidates = [lid for lid in groups if lid.split(":")[1].split("/")[0] == key]
            if not candidates:  # "And Lena as well": a lone given name of the one person the article names so
                candidates = [lid for lid, members in groups.items() if normalise(given_names(members[0])) == normalise(form)]
            if not candidates:  # "Minister Fuentes" of "Carolina Fuentes Araya": a first surname before the second
                candidates = [lid for lid, members in groups.items() if any(first_surname_key(f) == key for f in members)]
            assignment[form] = candidates[0] if len(candidates) == 1 else f"Person:{key}/"
    return assignment
