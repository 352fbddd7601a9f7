import { Tok } from "./tokens.js";

/** The keyword a word spells (upper case, or `true`/`false`), else Identifier; string compares, no hashing. */
export function keywordOf(word: string): Tok {
  switch (word.length) {
    case 2:
      return word === "OR" ? Tok.Or : word === "IN" ? Tok.In : Tok.Identifier;
    case 3:
      return word === "AND" ? Tok.And : word === "NOT" ? Tok.Not : Tok.Identifier;
    case 4:
      return word === "LIKE"
        ? Tok.Like
        : word === "STOP"
          ? Tok.Stop
          : word === "true"
            ? Tok.Bool
            : Tok.Identifier;
    case 5:
      return word === "TIMES"
        ? Tok.Times
        : word === "START"
          ? Tok.Start
          : word === "false"
            ? Tok.Bool
            : Tok.Identifier;
    case 6:
      return word === "EXISTS" ? Tok.Exists : word === "WITHIN" ? Tok.Within : Tok.Identifier;
    case 7:
      return word === "MATCHES"
        ? Tok.Matches
        : word === "SECONDS"
          ? Tok.Seconds
          : word === "REPEATS"
            ? Tok.Repeats
            : Tok.Identifier;
    case 8:
      return word === "ISSUBSET" ? Tok.IsSubset : Tok.Identifier;
    case 10:
      return word === "FOLLOWEDBY" ? Tok.FollowedBy : word === "ISSUPERSET" ? Tok.IsSuperset : Tok.Identifier;
    default:
      return Tok.Identifier;
  }
}

/** Whether a name is an upper-case word of the grammar (AND, OR, IN…): never valid as a bare property name. */
export function isReservedWord(name: string): boolean {
  const keyword = keywordOf(name);
  return keyword !== Tok.Identifier && keyword !== Tok.Bool;
}

/** Whether a word lexes as anything but an identifier (keywords, `true`, `false`). */
export function isKeyword(word: string): boolean {
  return keywordOf(word) !== Tok.Identifier;
}
