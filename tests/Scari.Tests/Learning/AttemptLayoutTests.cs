using CsCheck;
using Scari.Web.Content;
using Scari.Web.Features.Learning;

namespace Scari.Tests.Learning;

/// <summary>Draws and permutations of attempts, and grading through them, over random quizzes, draws and seeds (CsCheck).</summary>
public sealed class AttemptLayoutTests
{
    private static readonly string[] Groups = ["a", "b", "c"];

    /// <summary>A random quiz: 1–9 questions, choice (2–5 options, 1+ correct) or typed, maybe grouped, maybe drawn.</summary>
    private static Quiz RandomQuiz(Random random)
    {
        var count = random.Next(1, 10);
        var grouped = random.Next(3) == 0;
        var questions = Enumerable.Range(0, count).Select(i =>
        {
            var typed = random.Next(4) == 0;
            var correct = typed ? [] : Enumerable.Range(0, random.Next(2, 6)).Select(_ => random.Next(2) == 0).ToList();
            if (correct.Count > 0 && !correct.Contains(true)) correct[random.Next(correct.Count)] = true;
            var options = correct.Select((c, o) => new Option { Index = o, Html = $"q{i}o{o}", Correct = c }).ToList();
            return new Question
            {
                Index = i, PromptHtml = $"P{i}", Options = options, Answer = typed ? new NumberAnswer(i, i) : null,
                Group = grouped ? Groups[random.Next(Groups.Length)] : null,
            };
        }).ToList();
        IReadOnlyDictionary<string, int>? byGroup = grouped
            ? Groups.Where(g => questions.Any(q => q.Group == g)).ToDictionary(g => g, _ => random.Next(1, 4))
            : null;
        return new Quiz
        {
            Id = "m-evaluacion", Title = "E", SourcePath = "e.md", PassScore = 60, Module = new Module { Id = "m", Title = "M" },
            Questions = questions,
            DrawByGroup = byGroup,
            Draw = byGroup is not null ? byGroup.Values.Sum() : random.Next(2) == 0 ? random.Next(1, 12) : null,
            ShuffleQuestions = random.Next(2) == 0,
        };
    }

    /// <summary>What the learner clicks to answer right: for each shown question, the shown positions of its correct options.</summary>
    private static Dictionary<int, (IReadOnlyList<int>, string?)> RightAsShown(Quiz quiz, AttemptLayout layout) =>
        layout.Questions.Select((shown, position) => (shown, position)).ToDictionary(x => x.position, x =>
        {
            var question = quiz.Questions[x.shown.Question];
            if (question.Answer is NumberAnswer number) return ((IReadOnlyList<int>)[], (string?)number.Min.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return (Enumerable.Range(0, x.shown.Options.Count).Where(k => question.Options[x.shown.Options[k]].Correct).ToList(), null);
        });

    [Fact]
    public void A_layout_draws_the_declared_number_per_group_without_repeats_and_permutes_every_question_options()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var quiz = RandomQuiz(random);
            var layout = AttemptLayout.Draw(quiz, random);

            Assert.Equal(quiz.AskedCount, layout.Questions.Count);
            Assert.Equal(layout.Asked.Count, layout.Asked.Distinct().Count());
            if (quiz.DrawByGroup is { } groups)
                foreach (var (group, n) in groups)
                    Assert.Equal(Math.Min(n, quiz.Questions.Count(q => q.Group == group)), layout.Asked.Count(i => quiz.Questions[i].Group == group));
            else Assert.Equal(Math.Min(quiz.Draw ?? quiz.Questions.Count, quiz.Questions.Count), layout.Questions.Count);
            if (!quiz.ShuffleQuestions) Assert.Equal(layout.Asked.Order(), layout.Asked);
            Assert.All(layout.Questions, q => Assert.Equal(Enumerable.Range(0, quiz.Questions[q.Question].Options.Count), q.Options.Order()));
            Assert.True(layout.FitsIn(quiz));
            Assert.Equal(layout, AttemptLayout.FromJson(layout.ToJson()), new LayoutComparer());
        }, iter: 2000);
    }

    [Fact]
    public void Grading_is_right_under_every_permutation_and_draw()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var quiz = RandomQuiz(random);
            var layout = AttemptLayout.Draw(quiz, random);
            var right = RightAsShown(quiz, layout);

            var all = QuizGrader.Grade(quiz, layout.Asked, layout.ToFileAnswers(quiz, right));
            Assert.Equal(100, all.Score);
            Assert.Equal(layout.Asked, all.Questions.Select(q => q.Index));

            // Spoil one shown question: a choice one gets one more or one fewer option, a typed one another number.
            var position = random.Next(layout.Questions.Count);
            var question = quiz.Questions[layout.Questions[position].Question];
            var (chosen, _) = right[position];
            right[position] = question.Answer is not null
                ? ([], "-1")
                : (chosen.Count == question.Options.Count ? chosen.Skip(1).ToList() : Enumerable.Range(0, question.Options.Count).ToList(), null);
            var spoiled = QuizGrader.Grade(quiz, layout.Asked, layout.ToFileAnswers(quiz, right));
            Assert.Equal(layout.Questions.Count - 1, spoiled.RightCount);
            Assert.False(spoiled.Questions[position].Correct);
            Assert.Equal((layout.Questions.Count - 1) * 100 / layout.Questions.Count, spoiled.Score);
        }, iter: 2000);
    }

    [Fact]
    public void The_same_seed_draws_the_same_layout_and_a_retry_draws_again()
    {
        var quiz = RandomQuiz(new Random(7)) is { Questions.Count: > 3 } q ? q : RandomQuiz(new Random(8));
        Assert.Equal(AttemptLayout.Draw(quiz, new Random(42)).ToJson(), AttemptLayout.Draw(quiz, new Random(42)).ToJson());
        var random = new Random(42);
        var layouts = Enumerable.Range(0, 20).Select(_ => AttemptLayout.Draw(quiz, random).ToJson()).ToList();
        Assert.True(layouts.Distinct().Count() > 1);
    }

    private sealed class LayoutComparer : IEqualityComparer<AttemptLayout?>
    {
        public bool Equals(AttemptLayout? x, AttemptLayout? y) => x!.ToJson() == y!.ToJson();
        public int GetHashCode(AttemptLayout? obj) => obj!.ToJson().GetHashCode(StringComparison.Ordinal);
    }
}
