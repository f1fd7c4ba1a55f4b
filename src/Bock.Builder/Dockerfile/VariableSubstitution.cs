using System.Text;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// The builder's own variable substitution (BuildKit's shell lexer <c>ProcessWord</c>), for the instructions the
/// builder expands (FROM, COPY, ADD, ENV, LABEL, ARG, EXPOSE, USER, WORKDIR, VOLUME, STOPSIGNAL, RUN --mount):
/// <c>$v</c>, <c>${v}</c>, <c>${v:-w}</c>, <c>${v-w}</c>, <c>${v:+w}</c>, <c>${v+w}</c>, <c>${v:?msg}</c>,
/// <c>${v?msg}</c>, the pattern forms <c>${v#p}</c>, <c>${v##p}</c>, <c>${v%p}</c>, <c>${v%%p}</c>,
/// <c>${v/p/r}</c>, <c>${v//p/r}</c>; single quotes are literal, double quotes allow substitution, the escape character makes the next
/// character literal, and the quotes and escapes themselves are removed. An unset variable becomes empty.
/// </summary>
internal sealed class VariableSubstitution
{
    private readonly string _text;
    private readonly Func<string, string?> _lookup;
    private readonly char _escape;
    private int _pos;

    private VariableSubstitution(string text, Func<string, string?> lookup, char escape)
    {
        _text = text;
        _lookup = lookup;
        _escape = escape;
    }

    public static string Word(string word, Func<string, string?> lookup, char escape)
    {
        var lexer = new VariableSubstitution(word, lookup, escape);
        var result = lexer.ReadUntil(null);
        return result;
    }

    /// <summary>
    /// Substitutes and splits into words (BuildKit's <c>ProcessWords</c>, which EXPOSE uses): unquoted blanks separate
    /// words, also blanks inside an unquoted variable's value; quoted text stays one word, even when empty.
    /// </summary>
    public static IReadOnlyList<string> Fields(string text, Func<string, string?> lookup, char escape)
    {
        var lexer = new VariableSubstitution(text, lookup, escape);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        void Add(char ch)
        {
            if (char.IsWhiteSpace(ch))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
                return;
            }
            word.Append(ch);
            inWord = true;
        }
        void AddRaw(string raw)
        {
            word.Append(raw);
            inWord = true;
        }
        while (!lexer.AtEnd)
        {
            var ch = text[lexer._pos++];
            if (ch == escape)
            {
                if (!lexer.AtEnd) AddRaw(text[lexer._pos++].ToString());
            }
            else if (ch == '\'') AddRaw(lexer.SingleQuoted());
            else if (ch == '"') AddRaw(lexer.DoubleQuoted());
            else if (ch == '$') foreach (var c in lexer.Dollar()) Add(c);
            else Add(ch);
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }

    /// <summary>
    /// A heredoc body with an unquoted delimiter: only <c>$</c> forms are substituted and the escape character only
    /// escapes <c>$</c> and itself, as a shell does in a here-document; quotes stay as written.
    /// </summary>
    public static string Heredoc(string body, Func<string, string?> lookup, char escape)
    {
        var lexer = new VariableSubstitution(body, lookup, escape);
        var result = new StringBuilder();
        while (lexer._pos < body.Length)
        {
            var ch = body[lexer._pos++];
            if (ch == escape && lexer._pos < body.Length && (body[lexer._pos] == '$' || body[lexer._pos] == escape))
                result.Append(body[lexer._pos++]);
            else if (ch == '$') result.Append(lexer.Dollar());
            else result.Append(ch);
        }
        return result.ToString();
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Peek => _text[_pos];

    // Reads up to (not including) an unescaped stop character at the top level, or to the end.
    private string ReadUntil(char? stop)
    {
        var result = new StringBuilder();
        while (!AtEnd)
        {
            var ch = Peek;
            if (stop == ch) return result.ToString();
            _pos++;
            if (ch == _escape)
            {
                // An escape at the very end is dropped.
                if (!AtEnd) result.Append(_text[_pos++]);
            }
            else if (ch == '\'') result.Append(SingleQuoted());
            else if (ch == '"') result.Append(DoubleQuoted());
            else if (ch == '$') result.Append(Dollar());
            else result.Append(ch);
        }
        if (stop is not null) throw new SubstitutionException("syntax error: missing '}'");
        return result.ToString();
    }

    private string SingleQuoted()
    {
        var end = _text.IndexOf('\'', _pos);
        if (end < 0) throw new SubstitutionException("unexpected end of statement while looking for matching single-quote");
        var value = _text[_pos..end];
        _pos = end + 1;
        return value;
    }

    private string DoubleQuoted()
    {
        var result = new StringBuilder();
        while (!AtEnd)
        {
            var ch = _text[_pos++];
            if (ch == '"') return result.ToString();
            if (ch == '$') result.Append(Dollar());
            else if (ch == _escape && !AtEnd && (Peek == '"' || Peek == '$' || Peek == _escape)) result.Append(_text[_pos++]);
            else if (ch == _escape && AtEnd) continue;
            else result.Append(ch);
        }
        throw new SubstitutionException("unexpected end of statement while looking for matching double-quote");
    }

    // After a '$'.
    private string Dollar()
    {
        if (AtEnd) return "$";
        if (Peek != '{')
        {
            var name = Name();
            return name.Length == 0 ? "$" : _lookup(name) ?? "";
        }
        _pos++;
        var braced = Name();
        if (braced.Length == 0) throw new SubstitutionException("bad substitution: empty variable name");
        if (AtEnd) throw new SubstitutionException("syntax error: missing '}'");
        var op = _text[_pos++];
        if (op == '}') return _lookup(braced) ?? "";
        if (op is '#' or '%' or '/') return PatternOperation(braced, op);
        var colon = op == ':';
        if (colon)
        {
            if (AtEnd) throw new SubstitutionException("syntax error: missing '}'");
            op = _text[_pos++];
        }
        if (op is not ('-' or '+' or '?'))
            throw new SubstitutionException($"unsupported modifier ({(colon ? ":" : "")}{op}) in substitution of {braced}");
        var word = ReadUntil('}');
        _pos++;
        var value = _lookup(braced);
        var present = colon ? !string.IsNullOrEmpty(value) : value is not null;
        return op switch
        {
            '-' => present ? value! : word,
            '+' => present ? word : "",
            _ => present ? value! : throw new SubstitutionException($"{braced}: {(word.Length > 0 ? word : "is not allowed to be unset")}"),
        };
    }

    // ${v#p} ${v##p} ${v%p} ${v%%p} ${v/p/r} ${v//p/r}. As in BuildKit the pattern and the replacement are
    // substituted but keep their escapes: "\*" stays a literal star for the pattern, "\/" a slash that does not end it.
    private string PatternOperation(string name, char op)
    {
        var doubled = !AtEnd && Peek == op;
        if (doubled) _pos++;
        var value = _lookup(name) ?? "";
        if (op == '/')
        {
            var pattern = ReadRaw('/');
            if (AtEnd || Peek != '/') throw new SubstitutionException($"bad substitution: ${{{name}/…}} needs a replacement after a second '/'");
            _pos++;
            var replacement = ReadRaw('}');
            _pos++;
            return ShellPattern.Replace(value, pattern, replacement, all: doubled);
        }
        var word = ReadRaw('}');
        _pos++;
        return op == '#' ? ShellPattern.RemovePrefix(value, word, longest: doubled) : ShellPattern.RemoveSuffix(value, word, longest: doubled);
    }

    // Like ReadUntil, but an escape and the character after it are kept (as a backslash escape, what patterns use).
    private string ReadRaw(char stop)
    {
        var result = new StringBuilder();
        while (!AtEnd)
        {
            var ch = Peek;
            if (ch == stop || ch == '}') return result.ToString();
            _pos++;
            if (ch == _escape)
            {
                if (!AtEnd) result.Append('\\').Append(_text[_pos++]);
            }
            else if (ch == '\'') result.Append(SingleQuoted());
            else if (ch == '"') result.Append(DoubleQuoted());
            else if (ch == '$') result.Append(Dollar());
            else result.Append(ch);
        }
        throw new SubstitutionException("syntax error: missing '}'");
    }

    // A name is letters, digits and '_'; a leading digit run or one special character is a (never set) positional or special parameter.
    private string Name()
    {
        var start = _pos;
        if (!AtEnd && char.IsDigit(Peek))
        {
            while (!AtEnd && char.IsDigit(Peek)) _pos++;
            return _text[start.._pos];
        }
        if (!AtEnd && "@*#?-$!".Contains(Peek)) return _text[_pos++].ToString();
        while (!AtEnd && (char.IsLetterOrDigit(Peek) || Peek == '_')) _pos++;
        return _text[start.._pos];
    }
}
