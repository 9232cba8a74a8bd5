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

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\p{L}[\p{L}\p{N}'-]*")]
    private static partial Regex Words();
}
