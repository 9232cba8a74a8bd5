using Microsoft.EntityFrameworkCore;
using Scari.IntegrationTests.Learning;
using Scari.Testing;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.People;

namespace Scari.IntegrationTests.Mail;

public sealed class CohortNoticeTests(JourneyApp fixture) : CohortNoticeTestsOn<JourneyApp>(fixture);

public sealed class SqliteCohortNoticeTests(SqliteJourneyApp fixture) : CohortNoticeTestsOn<SqliteJourneyApp>(fixture);

/// <summary>Adding people to a cohort queues the enrollment notice to each newly enrolled adult, with the enrollments.</summary>
public abstract class CohortNoticeTestsOn<TApp>(TApp fixture) : IClassFixture<TApp> where TApp : class, IAppFixture
{
    private ScariAppFactory App => fixture.App;

    [Fact]
    public async Task Each_newly_enrolled_adult_member_gets_one_notice_minors_unknown_ages_and_those_already_enrolled_none()
    {
        var colegio = await App.ColegioAsync();
        var course = await App.CourseAsync(JourneyData.Unique("curso-avisos"), Audience.Student);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var tag = JourneyData.Unique("cohorte");
        var adult = await StudentAsync(colegio, $"adulto.{tag}@correo.test", today.AddYears(-19));
        var adult2 = await StudentAsync(colegio, $"adulta.{tag}@correo.test", today.AddYears(-25));
        var minor = await StudentAsync(colegio, $"menor.{tag}@correo.test", today.AddYears(-15));
        var unknownAge = await StudentAsync(colegio, $"sinfecha.{tag}@correo.test", null);
        var noEmail = await StudentAsync(colegio, null, today.AddYears(-20));
        var alreadyIn = await StudentAsync(colegio, $"yainscrito.{tag}@correo.test", today.AddYears(-30));
        Assert.True((await App.WithAsync<EnrollOutcome, EnrollPerson>(e => e.SelfAsync(alreadyIn, course.CourseId, default))).Succeeded);

        var cohort = (await App.WithAsync<CohortCreated, Cohorts>(c => c.CreateAsync(JourneyData.Admin,
            new CohortDraft(tag, course.CourseId, new DateOnly(2026, 2, 1), new DateOnly(2026, 11, 30), null, null, null), default))).CohortId!.Value;
        var added = await App.WithAsync<MembersAdded, Cohorts>(c =>
            c.AddMembersAsync(JourneyData.Admin, cohort, [adult, adult2, minor, unknownAge, noEmail, alreadyIn], default));
        Assert.Equal(6, added.Added);

        var queued = await NoticesAsync(tag);
        Assert.Equal([$"adulta.{tag}@correo.test", $"adulto.{tag}@correo.test"], queued.Select(m => m.ToAddress).Order());
        Assert.All(queued, m =>
        {
            Assert.Equal($"Inscripción en «{course.Title}»", m.Subject);
            Assert.Contains($"Quedó inscrito en el curso «{course.Title}»", m.TextBody);
            Assert.Contains($"https://scari.test/cursos/{course.CourseId}", m.TextBody);
        });
        Assert.Contains("Hola, Ana", queued[0].TextBody);

        // The same class again: nobody is newly enrolled, nothing more is queued.
        var again = await App.WithAsync<MembersAdded, Cohorts>(c => c.AddMembersAsync(JourneyData.Admin, cohort, [adult, adult2, minor], default));
        Assert.Equal(0, again.Added);
        Assert.Equal(2, (await NoticesAsync(tag)).Count);
    }

    private Task<List<Scari.Web.Features.Mail.OutboxMessage>> NoticesAsync(string tag) => App.WithDbAsync(db =>
        db.OutboxMessages.AsNoTracking().Where(m => m.Kind == "aviso.inscripcion" && m.ToAddress.EndsWith($".{tag}@correo.test"))
            .OrderBy(m => m.Id).ToListAsync());

    private async Task<int> StudentAsync(int colegio, string? email, DateOnly? birth)
    {
        var id = await App.PersonAsync(Audience.Student, colegioId: colegio);
        await App.WithDbAsync(db => db.People.Where(p => p.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.Email, email).SetProperty(p => p.BirthDate, birth)));
        return id;
    }
}
