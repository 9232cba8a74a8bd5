using System.Text.RegularExpressions;
using Scari.Testing;
using Scari.Web.Content;
using Scari.Web.Features.People;

namespace Scari.Tests;

/// <summary>The shipped catalogue keeps the shape the instructional brief asks for (issue 4).</summary>
public sealed partial class CatalogueContentTests
{
    private static readonly IReadOnlyList<Course> Courses =
        ContentLoader.Load(RepoPaths.ShippedContent, new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc)).Courses;

    [Fact]
    public void Every_course_feeds_the_indicator_of_its_audience_and_both_indicators_have_courses()
    {
        var staff = Courses.Where(c => c.Audience == Audience.Staff).ToList();
        var students = Courses.Where(c => c.Audience == Audience.Student).ToList();
        Assert.NotEmpty(staff);
        Assert.NotEmpty(students);
        Assert.All(staff, c => Assert.Equal("funcionarios-tic", c.IndicatorId));
        Assert.All(students, c => Assert.Equal("jovenes-4r", c.IndicatorId));
    }

    [Fact]
    public void Every_course_has_two_to_four_modules_of_three_to_five_lessons_and_one_quiz_each()
    {
        Assert.All(Courses, course =>
        {
            Assert.InRange(course.Modules.Count, 2, 4);
            Assert.All(course.Modules, module =>
            {
                Assert.InRange(module.Items.OfType<Lesson>().Count(), 3, 5);
                Assert.Single(module.Items.OfType<Quiz>());
            });
        });
    }

    [Fact]
    public void Every_lesson_has_at_least_300_words_and_every_question_has_feedback()
    {
        foreach (var lesson in Courses.SelectMany(c => c.Lessons))
        {
            var words = Words().Matches(Tags().Replace(lesson.Html, " ")).Count;
            Assert.True(words >= 300, $"{lesson.SourcePath}: {words} palabras");
        }
        foreach (var quiz in Courses.SelectMany(c => c.Quizzes))
        {
            Assert.True(quiz.Questions.Count >= 5, quiz.SourcePath);
            Assert.All(quiz.Questions, q => Assert.False(string.IsNullOrWhiteSpace(q.FeedbackHtml), $"{quiz.SourcePath}: pregunta {q.Index + 1} sin retroalimentación"));
        }
    }

    /// <summary>
    /// The trick the first catalogue fell to (issue 15): in a single-answer question pick the longest option, in a
    /// multi-select tick all but the shortest; typed answers cannot be guessed. Over each evaluation's whole pool it
    /// must score below the pass mark, and the key may be the longest option in at most 35 % of single-answer questions.
    /// </summary>
    [Fact]
    public void No_evaluation_can_be_passed_by_picking_the_longest_option_and_dropping_the_shortest()
    {
        var quizzes = Courses.SelectMany(c => c.Quizzes).ToList();
        Assert.Equal(Courses.Sum(c => c.Modules.Count), quizzes.Count);
        foreach (var quiz in quizzes)
        {
            var right = 0;
            int single = 0, keyLongest = 0;
            foreach (var q in quiz.Questions.Where(q => q.Options.Count > 0))
            {
                var lengths = q.Options.Select(o => o.PlainText.Length).ToList();
                if (!q.Multiple)
                {
                    single++;
                    var key = q.Options.Single(o => o.Correct).Index;
                    if (lengths[key] == lengths.Max()) { keyLongest++; right++; }
                }
                else
                {
                    var shortest = lengths.IndexOf(lengths.Min());
                    if (q.Options.All(o => o.Correct == (o.Index != shortest))) right++;
                }
            }
            var score = 100.0 * right / quiz.Questions.Count;
            Assert.True(score < quiz.PassScore, $"{quiz.SourcePath}: el truco aprueba con {score:F0} % (mínimo {quiz.PassScore} %)");
            Assert.True(single == 0 || keyLongest <= 0.35 * single, $"{quiz.SourcePath}: la respuesta es la opción más larga en {keyLongest} de {single} preguntas");
            Assert.True(quiz.Questions.Count >= 1.5 * quiz.AskedCount, $"{quiz.SourcePath}: banco de {quiz.Questions.Count} para {quiz.AskedCount} preguntas por intento");
            Assert.Contains(quiz.Questions, q => q.Answer is not null);
        }
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\p{L}[\p{L}\p{N}'-]*")]
    private static partial Regex Words();
}
