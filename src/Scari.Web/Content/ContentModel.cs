using Scari.Web.Features.People;

namespace Scari.Web.Content;

/// <summary>content/scari.yaml: the entity, who signs certificates and the development-plan indicators.</summary>
public sealed record ScariSettings(EntityInfo Entity, Signatory Signatory, IReadOnlyList<IndicatorDefinition> Indicators)
{
    public static readonly ScariSettings Empty = new(new EntityInfo("", "", "", null), new Signatory("", ""), []);

    public IndicatorDefinition? FindIndicator(string? id) => Indicators.FirstOrDefault(i => i.Id == id);
}

public sealed record EntityInfo(string Name, string ShortName, string Program, string? LogoPath);

public sealed record Signatory(string Title, string Entity);

public sealed record IndicatorDefinition(string Id, string Name, Audience Audience, int Target,
    DateOnly PeriodStart, DateOnly PeriodEnd, IReadOnlyDictionary<int, int> YearlyTargets, IReadOnlyList<string> CourseIds);

/// <summary>How long a certificate stays valid, from its issue.</summary>
public sealed record ValidityPeriod(int Years, int Months)
{
    public DateTime AddTo(DateTime utc) => utc.AddYears(Years).AddMonths(Months);
    public override string ToString() => Years > 0 ? (Years == 1 ? "1 año" : $"{Years} años") : (Months == 1 ? "1 mes" : $"{Months} meses");
}

/// <summary>One course as loaded from content/cursos/&lt;id&gt;/. Immutable once loaded; HTML is rendered at load time.</summary>
public sealed class Course
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Summary { get; init; }
    /// <summary>Null means both audiences.</summary>
    public Audience? Audience { get; init; }
    public int Hours { get; init; }
    public required string IndicatorId { get; init; }
    public int PassScore { get; init; }
    public required string Version { get; init; }
    /// <summary>SHA-256 (hex) over every file of the course, in path order.</summary>
    public required string ContentHash { get; init; }
    public required string OverviewHtml { get; init; }
    public IReadOnlyList<string> Prerequisites { get; init; } = [];
    /// <summary><c>reminders</c>: days after which a learner who has not started, has stalled or whose cohort closes is reminded.</summary>
    public Features.Reminders.ReminderRules? Reminders { get; init; }
    /// <summary><c>valid_for</c>: certificates of courses that need renewal expire after this; null when they do not.</summary>
    public ValidityPeriod? ValidFor { get; init; }
    /// <summary>The reaction survey offered after completion: curso.md's <c>survey</c>, else the default one.</summary>
    public Survey Survey { get; init; } = SurveyReader.Default(null);
    /// <summary><c>impact_survey</c>: offered (and, to adults, mailed) its AfterDays after completion; null when the course sets none.</summary>
    public Survey? ImpactSurvey { get; init; }
    public required IReadOnlyList<Module> Modules { get; init; }
    /// <summary>All lessons and quizzes in reading order.</summary>
    public required IReadOnlyList<CourseItem> Items { get; init; }
    public IEnumerable<Lesson> Lessons => Items.OfType<Lesson>();
    public IEnumerable<Quiz> Quizzes => Items.OfType<Quiz>();
    /// <summary>Reading time of the lessons (their front matter <c>minutes</c>), without activities or evaluations.</summary>
    public int TotalMinutes => Lessons.Sum(l => l.Minutes);
    /// <summary>Minutes of the practical activities inside the lessons.</summary>
    public int ActivityMinutes => Lessons.Sum(l => l.ActivityMinutes);
    /// <summary>Minutes declared by the evaluations (an evaluation without <c>minutes</c> adds none).</summary>
    public int EvaluationMinutes => Quizzes.Sum(q => q.Minutes ?? 0);
    /// <summary>All the timed material: what the time rule compares with <see cref="Hours"/>.</summary>
    public int StudyMinutes => TotalMinutes + ActivityMinutes + EvaluationMinutes;
    /// <summary>CourseVersions.Id of this version (0 until stored, e.g. in <c>content check</c>).</summary>
    public int VersionId { get; internal set; }
    /// <summary>When this version was read from disk by this process.</summary>
    public DateTime LoadedUtc { get; init; }
    /// <summary>The course folder on disk (media is served from its media/ subfolder).</summary>
    public required string FolderPath { get; init; }
    /// <summary>curso.md relative to the content folder, and the lines of its id and indicator fields (for messages).</summary>
    internal string SourcePath { get; init; } = "";
    /// <summary>The quality warnings of this course (never a reason to refuse it).</summary>
    public IReadOnlyList<ContentProblem> Warnings { get; init; } = [];
    internal int IdLine { get; init; }
    internal int IndicatorLine { get; init; }

    private Dictionary<string, CourseItem>? _byId;

    public CourseItem? FindItem(string itemId) =>
        (_byId ??= Items.ToDictionary(i => i.Id, StringComparer.Ordinal)).GetValueOrDefault(itemId);

    /// <summary>The item before and after <paramref name="item"/> in reading order.</summary>
    public (CourseItem? Previous, CourseItem? Next) Neighbours(CourseItem item)
    {
        var index = -1;
        for (var i = 0; i < Items.Count; i++) if (ReferenceEquals(Items[i], item)) index = i;
        return (index > 0 ? Items[index - 1] : null, index >= 0 && index < Items.Count - 1 ? Items[index + 1] : null);
    }
}

public sealed class Module
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string? Summary { get; init; }
    public IReadOnlyList<CourseItem> Items { get; internal set; } = [];
}

/// <summary>A lesson or a quiz: one page at /cursos/{curso}/{Id}.</summary>
public abstract class CourseItem
{
    /// <summary>Unique within the course; stable across renames (front matter <c>id</c>).</summary>
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required Module Module { get; init; }
    /// <summary>Path relative to the content folder, for messages.</summary>
    public required string SourcePath { get; init; }
}

public sealed class Lesson : CourseItem
{
    public int Minutes { get; init; }
    public required string Html { get; init; }
    /// <summary>The <c>actividad</c> blocks of the lesson, in order.</summary>
    public IReadOnlyList<Activity> Activities { get; init; } = [];
    public int ActivityMinutes => Activities.Sum(a => a.Minutes);
    /// <summary>The lesson has <c>```python ejecutable</c> blocks (the page then loads the runner and allows WebAssembly).</summary>
    public bool HasRunnableCode { get; init; }
    /// <summary>Its runnable exercises with their expected output, which stays on the server.</summary>
    public IReadOnlyList<PythonExercise> Exercises { get; init; } = [];
}

/// <summary>A practical activity: a fenced <c>actividad</c> block inside a lesson; its minutes count toward the course's time.</summary>
public sealed record Activity(string Title, int Minutes);

/// <summary>When the full review (options, choices, feedback) of an attempt is shown: front matter <c>review</c>.</summary>
public enum ReviewPolicy { AfterPass, Always, Never }

public sealed class Quiz : CourseItem
{
    /// <summary>Minimum score in percent: the quiz's own <c>pass</c>, else the course's.</summary>
    public int PassScore { get; init; }
    public int? MaxAttempts { get; init; }
    /// <summary>Time to answer, front matter <c>minutes</c> (required by <c>content check --strict</c>).</summary>
    public int? Minutes { get; init; }
    /// <summary>Questions asked per attempt (<c>draw: N</c>); null asks them all. Never more than the pool.</summary>
    public int? Draw { get; init; }
    /// <summary>Questions asked per group per attempt (<c>draw: {grupo: N}</c>); every question then has a group of this map.</summary>
    public IReadOnlyDictionary<string, int>? DrawByGroup { get; init; }
    /// <summary>The question order is shuffled per attempt (options always are).</summary>
    public bool ShuffleQuestions { get; init; }
    /// <summary>Wait between submitted attempts.</summary>
    public TimeSpan? Cooldown { get; init; }
    public ReviewPolicy Review { get; init; } = ReviewPolicy.AfterPass;
    /// <summary>How many questions each attempt asks: the draw, never more than the pool (per group with <see cref="DrawByGroup"/>).</summary>
    public int AskedCount => DrawByGroup is { } groups
        ? groups.Sum(g => Math.Min(g.Value, Questions.Count(q => q.Group == g.Key)))
        : Math.Min(Draw ?? Questions.Count, Questions.Count);
    /// <summary>Rendered Markdown before the first question, if any.</summary>
    public string IntroHtml { get; init; } = "";
    public required IReadOnlyList<Question> Questions { get; init; }

    /// <summary>
    /// SHA-256 (hex) over what grading and feedback depend on: every question's text, its options, which are correct,
    /// and the feedback. An attempt stores it, so its result page can tell when the quiz changed after it was answered.
    /// </summary>
    public string Fingerprint => field ??= ComputeFingerprint();

    private string ComputeFingerprint()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        void Add(string text)
        {
            // Length-prefixed, so moving text from one field to the next changes the fingerprint.
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }
        foreach (var q in Questions)
        {
            Add(q.PromptHtml);
            Add(q.DetailHtml);
            Add(q.FeedbackHtml);
            foreach (var o in q.Options) Add((o.Correct ? "1" : "0") + o.Html);
            // Only typed questions add their answer, so the fingerprints of choice-only quizzes stay as they were.
            if (q.Answer is { } answer) Add("=" + answer.Canonical);
            Add("");
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

public sealed class Question
{
    /// <summary>0-based position in the quiz.</summary>
    public int Index { get; init; }
    /// <summary>The question's heading as inline HTML (phrasing content).</summary>
    public required string PromptHtml { get; init; }
    /// <summary>Extra Markdown between the heading and the options (a code block, a table), rendered; often empty.</summary>
    public string DetailHtml { get; init; } = "";
    /// <summary>More than one correct option: all must be chosen.</summary>
    public bool Multiple => Options.Count(o => o.Correct) > 1;
    /// <summary>Empty for a typed question.</summary>
    public required IReadOnlyList<Option> Options { get; init; }
    /// <summary>The <c>=</c> lines of a typed question (number, date or short text); null for a choice question.</summary>
    public TypedAnswer? Answer { get; init; }
    /// <summary>The lesson of the same course this question tests (<c>lesson:</c> line), named by the feedback of a failed attempt.</summary>
    public string? LessonId { get; init; }
    /// <summary>The pool group (<c>group:</c> line) for <c>draw: {…}</c>.</summary>
    public string? Group { get; init; }
    /// <summary>The heading's plain text, for messages and the feedback of a failed attempt.</summary>
    public string PlainPrompt { get; init; } = "";
    /// <summary>File line of the heading.</summary>
    public int Line { get; init; }
    /// <summary>The blockquote after the options: shown after answering, never before.</summary>
    public string FeedbackHtml { get; init; } = "";
}

public sealed class Option
{
    /// <summary>0-based position in the question.</summary>
    public int Index { get; init; }
    /// <summary>Inline HTML (phrasing content).</summary>
    public required string Html { get; init; }
    /// <summary>Server-side only: pages never render it before the learner submits.</summary>
    public bool Correct { get; init; }
    /// <summary>The option as plain text (for the quality checks).</summary>
    public string PlainText { get; init; } = "";
    /// <summary>File line of the option.</summary>
    public int Line { get; init; }
}

/// <summary>
/// A problem found while loading: <c>Path:Line: Message</c>, Path relative to the content folder. Used for errors
/// (they refuse the course) and for quality warnings (they never do; errors only under <c>content check --strict</c>).
/// </summary>
public sealed record ContentProblem(string Path, int Line, string Message)
{
    public override string ToString() => $"{Path}:{Line}: {Message}";
}
