using Microsoft.EntityFrameworkCore;
using Scari.Web.Features.Courses;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;

namespace Scari.Testing;

/// <summary>Rows a finished course leaves behind, written straight to the database: person, course version, enrollment, completion.</summary>
public static class CompletionSeed
{
    /// <summary>A course of the tests' own, apart from the catalogue that content/ loads at start.</summary>
    public const string TestCourseId = "prueba-seguridad-servidores";

    public sealed record Seeded(int PersonId, int EnrollmentId, int CompletionId);

    public static Task<Seeded> CreateCompletionAsync(this ScariAppFactory app, string givenNames, string familyNames,
        string documentNumber, string courseId = TestCourseId, int? colegioId = null, int? cohortId = null,
        DateTime? completedUtc = null) =>
        app.WithDbAsync(async db =>
        {
            var version = await db.CourseVersions.FirstOrDefaultAsync(v => v.CourseId == courseId && v.IsCurrent);
            if (version is null)
            {
                version = new CourseVersion
                {
                    CourseId = courseId,
                    Version = "2026.1",
                    ContentHash = new string('a', 64),
                    Title = courseId == TestCourseId ? "Seguridad digital para servidores públicos" : $"Curso {courseId}",
                    Hours = 40,
                    PassScore = 70,
                    LoadedUtc = DateTime.UtcNow,
                    IsCurrent = true,
                };
                db.CourseVersions.Add(version);
            }
            var person = new Person
            {
                DocumentType = DocumentType.CC,
                DocumentNumber = documentNumber,
                GivenNames = givenNames,
                FamilyNames = familyNames,
                Email = $"{documentNumber}@correo.test",
                Audience = colegioId is null ? Audience.Staff : Audience.Student,
                ColegioId = colegioId,
                CreatedUtc = DateTime.UtcNow,
            };
            db.People.Add(person);
            await db.SaveChangesAsync();
            var enrollment = new Enrollment
            {
                PersonId = person.Id,
                CourseId = courseId,
                CourseVersionId = version.Id,
                CohortId = cohortId,
                Source = EnrollmentSource.Self,
                EnrolledUtc = DateTime.UtcNow.AddDays(-20),
                CompletedUtc = completedUtc ?? DateTime.UtcNow,
            };
            db.Enrollments.Add(enrollment);
            await db.SaveChangesAsync();
            var completion = new Completion
            {
                PersonId = person.Id,
                CourseId = courseId,
                CourseVersionId = version.Id,
                EnrollmentId = enrollment.Id,
                Source = CompletionSource.Online,
                CompletedUtc = completedUtc ?? DateTime.UtcNow,
                Hours = version.Hours,
            };
            db.Completions.Add(completion);
            await db.SaveChangesAsync();
            return new Seeded(person.Id, enrollment.Id, completion.Id);
        });

    /// <summary>Links a sign-in account to its person (learners) or gives a coordinator a colegio scope.</summary>
    public static Task LinkAccountAsync(this ScariAppFactory app, string userId, int? personId = null, int? coordinatedColegioId = null) =>
        app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == userId);
            user.PersonId = personId;
            user.CoordinatedColegioId = coordinatedColegioId;
            return await db.SaveChangesAsync();
        });

    public static Task<int> CreateColegioAsync(this ScariAppFactory app, string code, string name) =>
        app.WithDbAsync(async db =>
        {
            var colegio = new Colegio { Code = code, Name = name, Localidad = "Histórica y del Caribe Norte" };
            db.Colegios.Add(colegio);
            await db.SaveChangesAsync();
            return colegio.Id;
        });

    public static Task<int> CreateCohortAsync(this ScariAppFactory app, string name, string courseId = TestCourseId, int? colegioId = null) =>
        app.WithDbAsync(async db =>
        {
            var cohort = new Cohort
            {
                Name = name,
                CourseId = courseId,
                ColegioId = colegioId,
                CreatedUtc = DateTime.UtcNow,
                StartDate = new DateOnly(2026, 2, 1),
                EndDate = new DateOnly(2026, 3, 31),
            };
            db.Cohorts.Add(cohort);
            await db.SaveChangesAsync();
            return cohort.Id;
        });
}
