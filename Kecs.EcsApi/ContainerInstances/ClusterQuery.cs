using System.Text.RegularExpressions;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.ContainerInstances;

/// <summary>What a cluster query reads of a container instance: the instance as described, and the groups of the tasks on it.</summary>
public sealed record QueryTarget(ContainerInstance Instance, IReadOnlyCollection<string?> TaskGroups);

/// <summary>
/// ECS's cluster query language, as ListContainerInstances filters and memberOf placement constraints use it: expressions
/// <c>subject operator [argument]</c> on the subjects of <see cref="ClusterQuerySubject"/>; the operators ==, !=, &gt;,
/// &gt;=, &lt;, &lt;=, exists, !exists, in [..], !in [..], =~ and !~ (a regular expression the whole value must match), each
/// also by its name (equals, not_in...); arguments bare or quoted; expressions combined with not (!), and (&amp;&amp;), or (||),
/// binding in that order, and parentheses. A negated operator holds where its positive one does not, so
/// <c>attribute:NAME != VALUE</c> holds for an instance without the attribute.
/// </summary>
public sealed partial class ClusterQuery
{
    private const int MaxLength = 2000;

    private static readonly Dictionary<string, QueryOperator> OperatorNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["=="] = QueryOperator.Equals, ["equals"] = QueryOperator.Equals,
        ["!="] = QueryOperator.NotEquals, ["not_equals"] = QueryOperator.NotEquals,
        [">"] = QueryOperator.Greater, ["greater_than"] = QueryOperator.Greater,
        [">="] = QueryOperator.GreaterOrEqual, ["greater_than_equal"] = QueryOperator.GreaterOrEqual,
        ["<"] = QueryOperator.Less, ["less_than"] = QueryOperator.Less,
        ["<="] = QueryOperator.LessOrEqual, ["less_than_equal"] = QueryOperator.LessOrEqual,
        ["exists"] = QueryOperator.Exists,
        ["!exists"] = QueryOperator.NotExists, ["not_exists"] = QueryOperator.NotExists,
        ["in"] = QueryOperator.In,
        ["!in"] = QueryOperator.NotIn, ["not_in"] = QueryOperator.NotIn,
        ["=~"] = QueryOperator.Matches, ["matches"] = QueryOperator.Matches,
        ["!~"] = QueryOperator.NotMatches, ["not_matches"] = QueryOperator.NotMatches,
    };

    private readonly Func<QueryTarget, bool> _matches;

    private ClusterQuery(Func<QueryTarget, bool> matches) => _matches = matches;

    private enum TokenKind { Word, Quoted, Symbol }

    public static ClusterQuery Parse(string expression)
    {
        if (expression.Length > MaxLength)
        {
            throw EcsException.InvalidParameter(
                $"A cluster query expression can have at most {MaxLength} characters; this one has {expression.Length}.");
        }

        var tokens = new List<Token>();
        foreach (Match match in TokenPattern().Matches(expression))
        {
            tokens.Add(match switch
            {
                _ when match.Groups["quoted"].Success => new Token(match.Groups["quoted"].Value, TokenKind.Quoted),
                _ when match.Groups["symbol"].Success => new Token(match.Value, TokenKind.Symbol),
                _ when match.Groups["word"].Success => new Token(match.Value, TokenKind.Word),
                _ => throw Invalid(expression, $"the character '{match.Value}' has no meaning there (quote an argument that contains it)"),
            });
        }

        return new ClusterQuery(new Parser(expression, tokens).Whole());
    }

    public bool Matches(QueryTarget target) => _matches(target);

    private static EcsException Invalid(string expression, string reason) =>
        EcsException.InvalidParameter($"Invalid cluster query expression '{expression}': {reason}.");

    private static string Symbol(QueryOperator op) => OperatorNames.First(pair => pair.Value == op).Key;

    private readonly record struct Token(string Text, TokenKind Kind)
    {
        public bool Is(string text) => Kind != TokenKind.Quoted && Text.Equals(text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A recursive-descent parser of one expression, building the predicate as it reads.</summary>
    private sealed class Parser(string expression, List<Token> tokens)
    {
        private int _position;

        public Func<QueryTarget, bool> Whole()
        {
            var query = Or();
            return _position == tokens.Count ? query : throw Invalid(expression, $"'{tokens[_position].Text}' was not expected there");
        }

        private Func<QueryTarget, bool> Or()
        {
            var left = And();
            while (Take("or") || Take("||"))
            {
                var (a, b) = (left, And());
                left = target => a(target) || b(target);
            }

            return left;
        }

        private Func<QueryTarget, bool> And()
        {
            var left = Not();
            while (Take("and") || Take("&&"))
            {
                var (a, b) = (left, Not());
                left = target => a(target) && b(target);
            }

            return left;
        }

        private Func<QueryTarget, bool> Not()
        {
            if (Take("not") || Take("!"))
            {
                var inner = Not();
                return target => !inner(target);
            }

            if (Take("("))
            {
                var inner = Or();
                return Take(")") ? inner : throw Invalid(expression, "a parenthesis is not closed");
            }

            return Comparison();
        }

        private Func<QueryTarget, bool> Comparison()
        {
            var word = Next("a subject");
            var subject = (word.Kind == TokenKind.Word ? ClusterQuerySubject.Named(word.Text) : null)
                          ?? throw Invalid(expression, $"'{word.Text}' is not a subject; the subjects are {ClusterQuerySubject.Known}");
            var op = Operator(subject);
            if (!subject.Operators.Contains(op))
            {
                throw Invalid(expression,
                    $"{Symbol(op)} is not an operator of {subject.Name}; its operators are {string.Join(", ", subject.Operators.Select(Symbol))}");
            }

            switch (op)
            {
                case QueryOperator.Exists or QueryOperator.NotExists:
                    return target => subject.Values(target).Any() == (op == QueryOperator.Exists);
                case QueryOperator.In or QueryOperator.NotIn:
                    var list = List(subject, op);
                    return target => subject.Values(target).Any(value => list.Any(argument => subject.Same(value, argument))) == (op == QueryOperator.In);
                case QueryOperator.Matches or QueryOperator.NotMatches:
                    var pattern = Pattern(Argument(subject, op));
                    return target => subject.Values(target).Any(pattern.IsMatch) == (op == QueryOperator.Matches);
                case QueryOperator.Equals or QueryOperator.NotEquals:
                    var same = Argument(subject, op);
                    return target => subject.Values(target).Any(value => subject.Same(value, same)) == (op == QueryOperator.Equals);
                default:
                    var bound = Argument(subject, op);
                    Func<int, bool> holds = op switch
                    {
                        QueryOperator.Greater => order => order > 0,
                        QueryOperator.GreaterOrEqual => order => order >= 0,
                        QueryOperator.Less => order => order < 0,
                        _ => order => order <= 0,
                    };
                    return target => subject.Values(target).Any(value => subject.Compare(value, bound) is { } order && holds(order));
            }
        }

        private QueryOperator Operator(ClusterQuerySubject subject)
        {
            var token = Next($"an operator after {subject.Name}");
            var text = token.Is("!") && _position < tokens.Count && (tokens[_position].Is("in") || tokens[_position].Is("exists"))
                ? "!" + tokens[_position++].Text
                : token.Text;
            return token.Kind != TokenKind.Quoted && OperatorNames.TryGetValue(text, out var op)
                ? op
                : throw Invalid(expression, $"'{text}' is not an operator; the operators are {string.Join(", ", OperatorNames.Keys)}");
        }

        private List<string> List(ClusterQuerySubject subject, QueryOperator op)
        {
            if (!Take("["))
            {
                throw Invalid(expression, $"{Symbol(op)} takes a list of arguments such as [a, b]");
            }

            var values = new List<string> { Argument(subject, op) };
            while (Take(","))
            {
                values.Add(Argument(subject, op));
            }

            return Take("]") ? values : throw Invalid(expression, "a list of arguments is not closed with ]");
        }

        private string Argument(ClusterQuerySubject subject, QueryOperator op)
        {
            var token = Next($"an argument for {subject.Name} {Symbol(op)}");
            if (token.Kind == TokenKind.Symbol)
            {
                throw Invalid(expression, $"{subject.Name} {Symbol(op)} needs an argument before '{token.Text}'");
            }

            var unfit = op is QueryOperator.Matches or QueryOperator.NotMatches ? null : subject.Unfit(op, token.Text);
            return unfit is null ? token.Text : throw Invalid(expression, unfit);
        }

        private Regex Pattern(string pattern)
        {
            try
            {
                // Non-backtracking: any pattern a caller sends is matched in linear time.
                return new Regex($"^(?:{pattern})$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            }
            catch (Exception error) when (error is ArgumentException or NotSupportedException)
            {
                throw Invalid(expression, $"'{pattern}' is not a pattern Kecs can match ({error.Message})");
            }
        }

        private Token Next(string expected) =>
            _position < tokens.Count ? tokens[_position++] : throw Invalid(expression, $"it ends where {expected} was expected");

        private bool Take(string text)
        {
            if (_position < tokens.Count && tokens[_position].Is(text))
            {
                _position++;
                return true;
            }

            return false;
        }
    }

    [GeneratedRegex("""'(?<quoted>[^']*)'|"(?<quoted>[^"]*)"|(?<symbol>==|!=|>=|<=|=~|!~|&&|\|\||[()\[\],<>!])|(?<word>[^\s()\[\],'"!=<>&|~]+)|(?<bad>\S)""")]
    private static partial Regex TokenPattern();
}
