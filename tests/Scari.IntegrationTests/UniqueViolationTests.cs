using Microsoft.EntityFrameworkCore;
using Scari.IntegrationTests.Learning;
using Scari.Testing;
using Scari.Web.Data;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;

namespace Scari.IntegrationTests;

public sealed class UniqueViolationTests(JourneyApp fixture) : UniqueViolationTestsOn<JourneyApp>(fixture);

public sealed class SqliteUniqueViolationTests(SqliteJourneyApp fixture) : UniqueViolationTestsOn<SqliteJourneyApp>(fixture);

/// <summary>
/// The one unique-violation check names the index that refused a write on each provider, so a caller that treats
/// its own race as a race does not swallow another constraint's failure.
/// </summary>
public abstract class UniqueViolationTestsOn<TApp>(TApp fixture) : IClassFixture<TApp> where TApp : class, IAppFixture
{
    private ScariAppFactory App => fixture.App;

    [Fact]
    public async Task A_second_person_with_the_same_document_is_reported_on_the_document_index_only()
    {
        var first = await App.PersonAsync();
        var ex = await FailingWriteAsync(async db =>
        {
            var p = await db.People.AsNoTracking().SingleAsync(x => x.Id == first);
            db.People.Add(new Person
            {
                DocumentType = p.DocumentType, DocumentNumber = p.DocumentNumber, GivenNames = "Otra", FamilyNames = "Persona",
                Audience = Audience.Staff, CreatedUtc = DateTime.UtcNow,
            });
        });

        await App.WithDbAsync(db =>
        {
            Assert.True(db.IsOn<Person>(ex, nameof(Person.DocumentType), nameof(Person.DocumentNumber)));
            Assert.True(db.IsOn<Person>(ex, nameof(Person.DocumentNumber), nameof(Person.DocumentType)));
            Assert.False(db.IsOn<Person>(ex, nameof(Person.DocumentNumber)));
            Assert.False(db.IsOn<Cohort>(ex, nameof(Cohort.Name)));
            Assert.False(db.IsOn(ex, EnrollmentConfiguration.OneActiveIndex));
            return Task.FromResult(0);
        });
    }

    [Fact]
    public async Task A_second_active_enrollment_is_reported_on_the_filtered_index_and_a_withdrawn_one_is_no_violation()
    {
        var person = await App.PersonAsync();
        var course = await App.CourseAsync(JourneyData.Unique("curso-unico"));
        await App.WithDbAsync(async db =>
        {
            db.Enrollments.Add(NewEnrollment(person, course.Id, course.CourseId, withdrawn: true));
            db.Enrollments.Add(NewEnrollment(person, course.Id, course.CourseId));
            return await db.SaveChangesAsync();
        });

        var ex = await FailingWriteAsync(db =>
        {
            db.Enrollments.Add(NewEnrollment(person, course.Id, course.CourseId));
            return Task.CompletedTask;
        });

        await App.WithDbAsync(db =>
        {
            Assert.True(db.IsOn(ex, EnrollmentConfiguration.OneActiveIndex));
            Assert.True(db.IsOn<Enrollment>(ex, nameof(Enrollment.PersonId), nameof(Enrollment.CourseId)));
            Assert.False(db.IsOn<Person>(ex, nameof(Person.DocumentType), nameof(Person.DocumentNumber)));
            return Task.FromResult(0);
        });
    }

    [Fact]
    public async Task A_repeated_primary_key_is_reported_on_that_key()
    {
        var person = await App.PersonAsync();
        var course = await App.CourseAsync(JourneyData.Unique("curso-clave"));
        var enrollment = await App.WithDbAsync(async db =>
        {
            var e = NewEnrollment(person, course.Id, course.CourseId);
            db.Enrollments.Add(e);
            await db.SaveChangesAsync();
            db.LessonProgress.Add(new LessonProgress { EnrollmentId = e.Id, LessonId = "l1", CompletedUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return e.Id;
        });

        var ex = await FailingWriteAsync(db =>
        {
            db.LessonProgress.Add(new LessonProgress { EnrollmentId = enrollment, LessonId = "l1", CompletedUtc = DateTime.UtcNow });
            return Task.CompletedTask;
        });

        await App.WithDbAsync(db =>
        {
            Assert.True(db.IsOn<LessonProgress>(ex, nameof(LessonProgress.EnrollmentId), nameof(LessonProgress.LessonId)));
            Assert.False(db.IsOn<Completion>(ex, nameof(Completion.EnrollmentId)));
            return Task.FromResult(0);
        });
    }

    [Fact]
    public async Task A_missing_foreign_key_is_not_taken_for_a_unique_violation()
    {
        var course = await App.CourseAsync(JourneyData.Unique("curso-fk"));
        var ex = await FailingWriteAsync(db =>
        {
            db.Enrollments.Add(NewEnrollment(int.MaxValue, course.Id, course.CourseId));
            return Task.CompletedTask;
        });

        await App.WithDbAsync(db =>
        {
            Assert.Null(UniqueViolation.Find(db.Model, ex));
            Assert.False(db.IsOn(ex, EnrollmentConfiguration.OneActiveIndex));
            Assert.False(db.IsOn<Enrollment>(ex, nameof(Enrollment.PersonId), nameof(Enrollment.CourseId)));
            return Task.FromResult(0);
        });
    }

    private static Enrollment NewEnrollment(int personId, int versionId, string courseId, bool withdrawn = false) => new()
    {
        PersonId = personId, CourseVersionId = versionId, CourseId = courseId, Source = EnrollmentSource.Staff,
        EnrolledUtc = DateTime.UtcNow, WithdrawnUtc = withdrawn ? DateTime.UtcNow : null,
    };

    private Task<DbUpdateException> FailingWriteAsync(Func<ScariDbContext, Task> add) =>
        App.WithDbAsync(async db =>
        {
            await add(db);
            return await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        });
}
