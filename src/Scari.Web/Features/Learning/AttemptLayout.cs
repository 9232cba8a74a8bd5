using System.Text.Json.Nodes;
using Scari.Web.Content;

namespace Scari.Web.Features.Learning;

/// <summary>One question as an attempt shows it: its index in the quiz and its options' indexes in the order shown.</summary>
public sealed record LayoutQuestion(int Question, IReadOnlyList<int> Options);

/// <summary>
/// What one attempt asks and in which order: the questions drawn from the pool (per group with <c>draw: {…}</c>), their
/// order (shuffled with <c>shuffle_questions</c>, else the file's) and each question's options, always shuffled.
/// Stored with the attempt, so a reload shows the same and grading maps what the learner saw back to the file.
/// </summary>
public sealed record AttemptLayout(IReadOnlyList<LayoutQuestion> Questions)
{
    public IReadOnlyList<int> Asked => Questions.Select(q => q.Question).ToList();

    /// <summary>Every question in file order with options in file order: attempts stored before layouts existed.</summary>
    public static AttemptLayout Identity(Quiz quiz) =>
        new(quiz.Questions.Select(q => new LayoutQuestion(q.Index, Enumerable.Range(0, q.Options.Count).ToList())).ToList());

    public static AttemptLayout Draw(Quiz quiz, Random random)
    {
        List<Question> picked;
        if (quiz.DrawByGroup is { } groups)
        {
            picked = [];
            foreach (var (group, count) in groups)
                picked.AddRange(Sample(quiz.Questions.Where(q => q.Group == group).ToList(), count, random));
        }
        else picked = Sample(quiz.Questions.ToList(), quiz.Draw ?? quiz.Questions.Count, random);

        if (quiz.ShuffleQuestions) Shuffle(picked, random);
        else picked.Sort((a, b) => a.Index.CompareTo(b.Index));
        return new(picked.Select(q =>
        {
            var options = Enumerable.Range(0, q.Options.Count).ToList();
            Shuffle(options, random);
            return new LayoutQuestion(q.Index, options);
        }).ToList());
    }

    /// <summary><paramref name="count"/> distinct items (all of them when there are fewer), in file order.</summary>
    private static List<Question> Sample(List<Question> pool, int count, Random random)
    {
        Shuffle(pool, random);
        return pool.Take(Math.Min(count, pool.Count)).OrderBy(q => q.Index).ToList();
    }

    private static void Shuffle<T>(IList<T> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>
    /// The answers as the form posted them (per shown position: the shown positions of the chosen options, or the text
    /// typed) in terms of the file (question index → option indexes). Positions out of range are dropped.
    /// </summary>
    public IReadOnlyDictionary<int, QuestionAnswer> ToFileAnswers(Quiz quiz, IReadOnlyDictionary<int, (IReadOnlyList<int> Chosen, string? Typed)> shown)
    {
        var answers = new Dictionary<int, QuestionAnswer>();
        for (var position = 0; position < Questions.Count; position++)
        {
            var layout = Questions[position];
            if (!shown.TryGetValue(position, out var given)) { answers[layout.Question] = QuestionAnswer.None; continue; }
            answers[layout.Question] = quiz.Questions[layout.Question].Answer is null
                ? new QuestionAnswer(given.Chosen.Where(i => i >= 0 && i < layout.Options.Count).Select(i => layout.Options[i]).Distinct().ToList())
                : new QuestionAnswer([], given.Typed);
        }
        return answers;
    }

    /// <summary>True when every index still exists in the quiz (it may have changed since the attempt started).</summary>
    public bool FitsIn(Quiz quiz) => Questions.All(q =>
        q.Question >= 0 && q.Question < quiz.Questions.Count &&
        q.Options.Count == quiz.Questions[q.Question].Options.Count && q.Options.All(o => o >= 0 && o < q.Options.Count));

    public string ToJson() => new JsonArray(Questions.Select(q => (JsonNode)new JsonObject
    {
        ["q"] = q.Question,
        ["o"] = new JsonArray(q.Options.Select(o => (JsonNode?)o).ToArray()),
    }).ToArray()).ToJsonString();

    public static AttemptLayout? FromJson(string? json) =>
        json is null ? null : JsonNode.Parse(json) is JsonArray array
            ? new(array.Select(n => new LayoutQuestion(n!["q"]!.GetValue<int>(), n["o"]!.AsArray().Select(o => o!.GetValue<int>()).ToList())).ToList())
            : null;
}

/// <summary>
/// The randomness of attempts: <see cref="Random.Shared"/>, or a seeded generator when <c>Scari:QuizRandomSeed</c> is set
/// (tests, and demonstrations that must repeat). Calls are serialized because a seeded <see cref="Random"/> is not thread-safe.
/// </summary>
public sealed class QuizRandom(int? seed)
{
    private readonly Random _random = seed is { } s ? new Random(s) : Random.Shared;
    private readonly Lock _lock = new();

    public AttemptLayout Draw(Quiz quiz)
    {
        lock (_lock) return AttemptLayout.Draw(quiz, _random);
    }
}

/// <summary>What _QuizQuestions renders: a quiz in an attempt's layout, with the answers saved so far (or a read-only preview).</summary>
public sealed record QuizQuestionsView(Quiz Quiz, AttemptLayout Layout, IReadOnlyList<QuestionAnswer>? Draft, bool Preview);
