using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.People;

namespace Scari.IntegrationTests.Mail;

/// <summary>Notices to learners, received by a real SMTP server: enrollment, certificate issued, revoked, replaced; never to minors.</summary>
public sealed class NoticeTests(SmtpPostgresApp fixture) : IClassFixture<SmtpPostgresApp>
{
    private ScariAppFactory App => fixture.App;
    private TestSmtpServer Smtp => fixture.Smtp;

    [Fact]
    public async Task A_certificate_issued_revoked_and_replaced_each_reaches_the_learner_with_its_links()
    {
        var seeded = await App.CreateCompletionAsync("Ana", "Certificada", "51000111");
        var code = await App.WithScopeAsync(async sp => (await sp.GetRequiredService<CertificateIssuer>().IssueAsync(seeded.CompletionId, default))!.Code);

        var issued = await Smtp.WaitForMessageToAsync("51000111@correo.test");
        Assert.Equal("Su certificado de «Seguridad digital para servidores públicos»", issued.Subject);
        Assert.Contains("Hola, Ana Certificada.", issued.TextBody);
        Assert.Contains($"https://scari.test/certificados/{code}.pdf", issued.TextBody);
        Assert.Contains($"https://scari.test/verificar/{code}", issued.TextBody);
        Assert.Contains($"/certificados/{code}.pdf", issued.HtmlBody);
        Assert.DoesNotContain("51000111", (issued.TextBody ?? "").Replace("51000111@correo.test", "")); // no document number

        var replacement = await App.WithScopeAsync(async sp => (await sp.GetRequiredService<CertificateIssuer>().ReissueAsync(code, default))!.Code);
        await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().RevokeAsync(replacement, "Finalización registrada por error", default));

        var until = DateTime.UtcNow.AddSeconds(60);
        List<MimeKit.MimeMessage> mine;
        while ((mine = Smtp.Received.Where(m => m.To.Mailboxes.Any(b => b.Address == "51000111@correo.test")).ToList()).Count < 3 && DateTime.UtcNow < until)
            await Task.Delay(50);
        Assert.Equal(3, mine.Count);
        var reissued = mine.Single(m => (m.Subject ?? "").StartsWith("Nuevo certificado", StringComparison.Ordinal));
        Assert.Contains($"fue reemplazado por el {replacement}", reissued.TextBody ?? "");
        var revoked = mine.Single(m => (m.Subject ?? "").EndsWith("fue revocado", StringComparison.Ordinal));
        Assert.Contains("Motivo: Finalización registrada por error.", revoked.TextBody ?? "");
        Assert.Contains($"https://scari.test/verificar/{replacement}", revoked.TextBody);
    }

    [Fact]
    public async Task Enrollment_by_staff_tells_the_learner_who_enrolled_them_and_how_to_start()
    {
        await App.CreateCompletionAsync("Otra", "Persona", "51000222"); // the test course exists
        var admin = await App.CreateUserAsync("admin-avisos@scari.test", Roles.Administrador, fullName: "Beatriz Administradora");
        var personId = await App.WithDbAsync(async db =>
        {
            var p = new Person { DocumentType = DocumentType.CC, DocumentNumber = "51000333", GivenNames = "Carlos", FamilyNames = "Inscrito",
                Email = "carlos.inscrito@correo.test", Audience = Audience.Staff, CreatedUtc = DateTime.UtcNow };
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
        var outcome = await App.WithScopeAsync(sp => sp.GetRequiredService<EnrollPerson>()
            .EnrollAsync(personId, CompletionSeed.TestCourseId, EnrollmentSource.Staff, admin.Id, cohortId: null, checkPrerequisites: false, default));
        Assert.True(outcome.Succeeded, outcome.Message);

        var message = await Smtp.WaitForMessageToAsync("carlos.inscrito@correo.test");
        Assert.Equal("Inscripción en «Seguridad digital para servidores públicos»", message.Subject);
        Assert.Contains("Beatriz Administradora le inscribió en el curso «Seguridad digital para servidores públicos»", message.TextBody);
        Assert.Contains($"https://scari.test/cursos/{CompletionSeed.TestCourseId}", message.TextBody);
        // The entity's name and logo (hosted at the public address) head the HTML part; a notice has no unsubscribe link.
        var entity = App.Services.GetRequiredService<Scari.Web.Features.Mail.MailTemplate>().EntityName;
        Assert.Contains($"<img src=\"https://scari.test/emisor/imagen\" alt=\"{entity}\"", message.HtmlBody);
        Assert.Contains($"{entity} · SCARI", message.HtmlBody);
        Assert.False(message.Headers.Contains("List-Unsubscribe"));
    }

    [Fact]
    public async Task Minors_and_students_of_unknown_age_receive_no_mail_and_adults_students_do()
    {
        var colegio = await App.ColegioIdAsync("IE007");
        var minor = await App.CreateCompletionAsync("Mateo", "Menor", "1099000111", colegioId: colegio);
        var adult = await App.CreateCompletionAsync("Laura", "Mayor", "1099000222", colegioId: colegio);
        await App.WithDbAsync(db => db.People.Where(p => p.Id == minor.PersonId).ExecuteUpdateAsync(u => u.SetProperty(p => p.BirthDate, DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-15))));
        await App.WithDbAsync(db => db.People.Where(p => p.Id == adult.PersonId).ExecuteUpdateAsync(u => u.SetProperty(p => p.BirthDate, DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-19))));
        var unknownAge = await App.CreateCompletionAsync("Sofía", "Sinfecha", "1099000333", colegioId: colegio);

        foreach (var s in new[] { minor, adult, unknownAge })
            await App.WithScopeAsync(async sp => (await sp.GetRequiredService<CertificateIssuer>().IssueAsync(s.CompletionId, default))!.Code);

        await Smtp.WaitForMessageToAsync("1099000222@correo.test");
        Assert.False(await App.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "1099000111@correo.test" || m.ToAddress == "1099000333@correo.test")));
        Assert.DoesNotContain(Smtp.Received, m => m.To.Mailboxes.Any(b => b.Address is "1099000111@correo.test" or "1099000333@correo.test"));
    }

    [Fact]
    public async Task A_session_scheduled_for_a_cohort_reaches_the_member_with_an_ics_invitation_attached()
    {
        var course = await Learning.JourneyData.CourseAsync(App, Learning.JourneyData.Unique("curso-ics"));
        var personId = await App.WithDbAsync(async db =>
        {
            var p = new Person { DocumentType = DocumentType.CC, DocumentNumber = "51000444", GivenNames = "Diana", FamilyNames = "Invitada",
                Email = "diana.invitada@correo.test", Audience = Audience.Staff, CreatedUtc = DateTime.UtcNow };
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7);
        var cohort = await App.WithScopeAsync(async sp => (await sp.GetRequiredService<Cohorts>().CreateAsync(Learning.JourneyData.Admin,
            new CohortDraft("Cohorte con sesión", course.CourseId, date.AddDays(-7), date.AddDays(30), null, null, null), default)).CohortId!.Value);
        await App.WithScopeAsync(sp => sp.GetRequiredService<Cohorts>().AddMembersAsync(Learning.JourneyData.Admin, cohort, [personId], default));
        await App.WithScopeAsync(sp => sp.GetRequiredService<Scari.Web.Features.InPerson.InPersonTraining>().CreateSessionAsync(
            new Scari.Web.Features.InPerson.SessionInput
            {
                CourseId = course.CourseId, Date = date, Hours = 3, TutorName = "Tutor", StartTime = new TimeOnly(8, 0), EndTime = new TimeOnly(11, 0),
                Place = "Sala 1", CohortId = cohort,
            }, default));

        var until = DateTime.UtcNow.AddSeconds(60);
        MimeKit.MimeMessage? message;
        while ((message = Smtp.Received.FirstOrDefault(m => m.To.Mailboxes.Any(b => b.Address == "diana.invitada@correo.test")
            && (m.Subject ?? "").StartsWith("Sesión presencial", StringComparison.Ordinal))) is null && DateTime.UtcNow < until)
            await Task.Delay(50);
        Assert.NotNull(message);
        Assert.Contains("Le esperamos en la sesión presencial", message.TextBody);
        var ics = Assert.Single(message.Attachments.OfType<MimeKit.MimePart>(), a => a.ContentType.MimeType == "text/calendar");
        Assert.Equal("REQUEST", ics.ContentType.Parameters["method"]);
        Assert.Equal("sesion.ics", ics.FileName);
        using var stream = new MemoryStream();
        await ics.Content!.DecodeToAsync(stream);
        var calendar = Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(stream.ToArray()))!;
        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal("Sala 1", Assert.Single(calendar.Events).Location);
    }
}
