using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.IntegrationTests.Learning;
using Scari.Testing;
using Scari.Web;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;
using Scari.Web.Features.Mail;
using Scari.Web.Features.People;
using Scari.Web.Features.Surveys;
using Scari.Web.Features.Privacy;
using Scari.Web.Features.InPerson;

namespace Scari.IntegrationTests.Surveys;

/// <summary>Satisfaction and impact surveys, answered through the real pages, on PostgreSQL and on SQLite.</summary>
public sealed class SurveyTests(SurveyApp fixture) : SurveyTestsOn<SurveyApp>(fixture)
{
    [Fact]
    public async Task The_answers_of_one_day_are_all_rewritten_by_the_last_answer_so_no_transaction_id_tells_which_is_newest()
    {
        for (var i = 0; i < 3; i++)
        {
            var (client, _) = await CompletedLearnerAsync(Staff);
            await AnswerAsync(client, Staff, ["claridad=3", "utilidad=4", "duracion=5"]);
        }
        var today = Bogota.Today(TimeProvider.System);
        var xmins = await App.WithDbAsync(db => db.Database
            .SqlQuery<string>($"""SELECT DISTINCT xmin::text AS "Value" FROM "SurveyResponses" WHERE "CourseId" = {Staff} AND "AnsweredOn" = {today}""")
            .ToListAsync());
        Assert.Single(xmins);
    }
}

public sealed class SqliteSurveyTests(SqliteSurveyApp fixture) : SurveyTestsOn<SqliteSurveyApp>(fixture);

public abstract class SurveyTestsOn<TApp>(TApp fixture) : IClassFixture<TApp> where TApp : class, IAppFixture
{
    protected ScariAppFactory App => fixture.App;
    protected const string Staff = "encuesta-propia";
    protected const string Student = "encuesta-estudiantes";

    /// <summary>A learner who enrolled and marked the course's only lesson: the course is complete.</summary>
    protected async Task<(HttpClient Client, int PersonId)> CompletedLearnerAsync(string course, string? email = null)
    {
        var (user, person) = await App.LearnerAsync(course == Student ? Audience.Student : Audience.Staff);
        if (email is not null || course == Student)
            await App.WithDbAsync(db => db.People.Where(p => p.Id == person).ExecuteUpdateAsync(u => u
                .SetProperty(p => p.Email, email).SetProperty(p => p.BirthDate, course == Student ? new DateOnly(2010, 5, 1) : null)));
        var client = await App.SignedInClientAsync(user);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/cursos/{course}", [], $"/cursos/{course}/inscribirme")).StatusCode);
        var lesson = course == Student ? "celdas" : "bandeja";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/cursos/{course}/{lesson}", [], $"/cursos/{course}/{lesson}/avance?handler=Terminar")).StatusCode);
        Assert.True(await App.WithDbAsync(db => db.Completions.AnyAsync(c => c.PersonId == person && c.CourseId == course)));
        return (client, person);
    }

    protected static async Task<HttpResponseMessage> AnswerAsync(HttpClient client, string course, string[] values, string? comment = null, string kind = "")
    {
        var fields = values.Select(v => v.Split('=')).ToDictionary(v => $"Valor[{v[0]}]", v => v[1]);
        if (comment is not null) fields["Comment"] = comment;
        return await client.PostFormAsync($"/encuestas/{course}{kind}", fields);
    }

    /// <summary>Posts answers without reading the survey page first (when it shows no form, as a stale tab would).</summary>
    protected static async Task<HttpResponseMessage> PostDirectAsync(HttpClient client, string course, string[] values)
    {
        var token = (await client.GetDocumentAsync("/")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.PostAsync($"/encuestas/{course}", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), .. values.Select(v => v.Split('=')).Select(v => new KeyValuePair<string, string>($"Valor[{v[0]}]", v[1]))]));
    }

    [Fact]
    public async Task A_learner_answers_the_satisfaction_survey_once_and_the_answer_names_no_one()
    {
        var (client, person) = await CompletedLearnerAsync(Staff);
        var mine = await client.GetStringAsync("/mi-aprendizaje");
        Assert.Contains($"href=\"/encuestas/{Staff}\"", mine);

        var form = await client.GetDocumentAsync($"/encuestas/{Staff}");
        var legends = form.QuerySelectorAll("fieldset legend").Select(l => l.TextContent.Trim()).ToList();
        Assert.Equal(["1. Las lecciones explican el correo institucional con claridad.", "2. Uso lo aprendido en las tareas de mi dependencia.",
            "3. La duración del curso es adecuada."], legends);
        Assert.Equal(15, form.QuerySelectorAll("fieldset input[type=radio]").Length);
        Assert.Contains("Totalmente en desacuerdo", form.Body!.TextContent);
        Assert.Contains("Cuéntenos", form.Body.TextContent); // a staff course: usted
        Assert.NotNull(form.QuerySelector("label[for=comentario]"));

        var saved = await AnswerAsync(client, Staff, ["claridad=4", "utilidad=5", "duracion=2"], "Faltó el calendario compartido.");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/mi-aprendizaje", saved.Headers.Location!.OriginalString);
        Assert.DoesNotContain($"href=\"/encuestas/{Staff}\"", await client.GetStringAsync("/mi-aprendizaje"));

        var row = await App.WithDbAsync(db => db.SurveyResponses.SingleAsync(r => r.CourseId == Staff && r.Comment == "Faltó el calendario compartido."));
        Assert.Equal(4, row.Id.Version); // random, not time-ordered
        Assert.Equal(SurveyKind.Reaccion, row.Kind);
        Assert.Equal("claridad=4;utilidad=5;duracion=2", row.Answers);
        Assert.Equal(Bogota.Today(TimeProvider.System), row.AnsweredOn);
        Assert.Null(row.CohortId);
        Assert.True(await App.WithDbAsync(db => db.SurveyReceipts.AnyAsync(r => r.PersonId == person && r.CourseId == Staff && r.Kind == SurveyKind.Reaccion)));

        // The tables themselves: no person, no time, nothing that joins an answer to its receipt.
        await App.WithDbAsync(db =>
        {
            var response = db.Model.FindEntityType(typeof(SurveyResponse))!;
            Assert.Equal(["AnsweredOn", "Answers", "CohortId", "Comment", "CourseId", "Id", "Kind", "SessionId"],
                response.GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal(typeof(DateOnly), response.FindProperty("AnsweredOn")!.ClrType);
            Assert.DoesNotContain(response.GetForeignKeys(), fk => fk.PrincipalEntityType.ClrType == typeof(Person) || fk.PrincipalEntityType.ClrType == typeof(SurveyReceipt));
            Assert.Equal(Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never, response.FindProperty("Id")!.ValueGenerated);
            var receipt = db.Model.FindEntityType(typeof(SurveyReceipt))!;
            Assert.Equal(["CourseId", "Kind", "PersonId"], receipt.GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.DoesNotContain(receipt.GetForeignKeys(), fk => fk.PrincipalEntityType.ClrType == typeof(SurveyResponse));
            return Task.FromResult(0);
        });

        var again = await PostDirectAsync(client, Staff, ["claridad=1", "utilidad=1", "duracion=1"]); // a second tab, or the back button
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var page = await client.GetStringAsync(again.Headers.Location!.OriginalString);
        Assert.Contains("Usted ya respondió esta encuesta: cada encuesta se responde una sola vez.", WebUtility.HtmlDecode(page));
        Assert.Equal(0, await App.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.CourseId == Staff && r.Answers == "claridad=1;utilidad=1;duracion=1")));
    }

    [Fact]
    public async Task A_student_course_without_its_own_survey_asks_the_default_one_in_tu_and_refuses_a_missing_answer_in_spanish()
    {
        var (client, _) = await CompletedLearnerAsync(Student);
        var form = await client.GetDocumentAsync($"/encuestas/{Student}");
        Assert.Equal(5, form.QuerySelectorAll("fieldset.likert").Length);
        Assert.Contains("El curso cumplió los objetivos que anunciaba.", form.Body!.TextContent);
        Assert.Contains("Lo que aprendí me sirve en mis estudios.", form.Body.TextContent);
        Assert.Contains("Cuéntanos", form.Body.TextContent);
        Assert.Contains("¿Qué cambiarías o agregarías al curso?", form.Body.TextContent);

        var before = await App.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.CourseId == Student));
        var refused = await AnswerAsync(client, Student, ["objetivos=5", "aplicacion=4", "materiales=4", "tiempo=9"]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var text = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Elige una opción para «El tiempo previsto fue suficiente para aprender lo que el curso propone.»", text);
        Assert.Contains("Elige una opción para «En general, el curso cumplió mis expectativas.»", text);
        Assert.Contains("value=\"5\" checked", await refused.Content.ReadAsStringAsync()); // the choices made are kept
        Assert.Equal(before, await App.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.CourseId == Student)));

        var saved = await AnswerAsync(client, Student, ["objetivos=5", "aplicacion=4", "materiales=4", "tiempo=3", "general=5"]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(before + 1, await App.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.CourseId == Student)));
    }

    [Fact]
    public async Task The_survey_never_blocks_the_certificate_and_opens_only_after_completion()
    {
        var (user, person) = await App.LearnerAsync();
        var client = await App.SignedInClientAsync(user);
        await client.PostFormAsync($"/cursos/{Staff}", [], $"/cursos/{Staff}/inscribirme");
        var early = await client.GetStringAsync($"/encuestas/{Staff}");
        Assert.Contains("Esta encuesta se responde después de terminar el curso.", WebUtility.HtmlDecode(early));
        Assert.DoesNotContain("type=\"radio\"", early);
        var tooEarly = await PostDirectAsync(client, Staff, ["claridad=4", "utilidad=5", "duracion=2"]);
        Assert.Equal(HttpStatusCode.Redirect, tooEarly.StatusCode);
        Assert.False(await App.WithDbAsync(db => db.SurveyReceipts.AnyAsync(r => r.PersonId == person)));

        await client.PostFormAsync($"/cursos/{Staff}/bandeja", [], $"/cursos/{Staff}/bandeja/avance?handler=Terminar");
        // Completed and not answered: the certificate is there and downloads.
        var code = await App.WithDbAsync(db => db.Certificates.Where(c => c.PersonId == person).Select(c => c.Code).SingleAsync());
        Assert.Contains($"/certificados/{code}.pdf", await client.GetStringAsync("/mi-aprendizaje"));
        var pdf = await client.GetAsync($"/certificados/{code}.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"href=\"/encuestas/{Staff}\"", await client.GetStringAsync($"/cursos/{Staff}"));
    }

    [Fact]
    public async Task Six_people_answering_at_once_leave_six_answers_and_six_receipts()
    {
        var learners = new List<(HttpClient Client, int PersonId)>();
        for (var i = 0; i < 6; i++) learners.Add(await CompletedLearnerAsync(Student));
        var before = await App.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.CourseId == Student));
        var results = await Task.WhenAll(learners.Select(l => AnswerAsync(l.Client, Student, ["objetivos=4", "aplicacion=4", "materiales=3", "tiempo=3", "general=4"])));
        Assert.All(results, r => Assert.Equal("/mi-aprendizaje", r.Headers.Location?.OriginalString));
        Assert.Equal(before + 6, await App.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.CourseId == Student)));
        var ids = learners.Select(l => l.PersonId).ToList();
        Assert.Equal(6, await App.WithDbAsync(db => db.SurveyReceipts.CountAsync(r => ids.Contains(r.PersonId))));
        Assert.Equal(await App.WithDbAsync(db => db.SurveyResponses.CountAsync()), await App.WithDbAsync(db => db.SurveyResponses.Select(r => r.Id).Distinct().CountAsync()));
    }

    [Fact]
    public async Task The_impact_survey_opens_after_its_days_and_its_invitation_is_queued_once_and_sent_when_due()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var later = App.WithClock(clock);
        var (client, person) = await CompletedLearnerAsync(Staff, email: $"impacto-{Guid.NewGuid():N}@correo.test");
        var completed = await App.WithDbAsync(db => db.Completions.Where(c => c.PersonId == person).Select(c => c.CompletedUtc).SingleAsync());
        var key = LearnerSurveys.ImpactDedupKey(person, Staff);
        var queued = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.DedupKey == key));
        var opens = DateOnly.FromDateTime(Bogota.ToLocal(completed)).AddDays(30);
        Assert.Equal(Bogota.StartOfDayUtc(opens).AddHours(9), queued.NextAttemptUtc);
        Assert.Equal(OutboxStatus.Pendiente, queued.Status);
        Assert.Contains($"https://scari.test/encuestas/{Staff}/impacto", queued.TextBody);

        var notYet = WebUtility.HtmlDecode(await client.GetStringAsync($"/encuestas/{Staff}/impacto"));
        Assert.Contains($"La encuesta de impacto se abre el {Bogota.FormatDate(opens)}", notYet);
        Assert.Contains($"Encuesta de impacto · Gestión del correo institucional: se abre el {Bogota.FormatDate(opens)}", WebUtility.HtmlDecode(await client.GetStringAsync("/mi-aprendizaje")));
        Assert.Equal(0, await DeliverAsync(later, key)); // not due

        // Queued again (a second completion of the course): still one invitation.
        await QueueAsync(later, person);
        Assert.Equal(1, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.DedupKey == key)));

        clock.Now = new DateTimeOffset(Bogota.StartOfDayUtc(opens).AddHours(10), TimeSpan.Zero);
        var offer = await Scoped<LearnerSurveys, SurveyOffer?>(later, s => s.OfferAsync(person, Staff, SurveyKind.Impacto, default));
        Assert.Equal(SurveyState.Open, offer!.State);
        Assert.Equal(["aplicacion", "mejora"], offer.Survey!.Items.Select(i => i.Id));
        Assert.Equal(OutboxStatus.Enviado, await StatusAfterDeliveryAsync(later, key));

        var answered = await Scoped<LearnerSurveys, SubmitResult>(later, s => s.SubmitAsync(person, Staff, SurveyKind.Impacto,
            new Dictionary<string, string?> { ["aplicacion"] = "4", ["mejora"] = "5" }, "Respondo más rápido.", default));
        Assert.Equal(SubmitOutcome.Saved, answered.Outcome);
        var twice = await Scoped<LearnerSurveys, SubmitResult>(later, s => s.SubmitAsync(person, Staff, SurveyKind.Impacto,
            new Dictionary<string, string?> { ["aplicacion"] = "1", ["mejora"] = "1" }, null, default));
        Assert.Equal(SubmitOutcome.AlreadyAnswered, twice.Outcome);
        Assert.Equal(1, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.DedupKey == key)));
    }

    [Fact]
    public async Task The_impact_invitation_is_not_sent_to_someone_who_answered_first_or_was_anonymized_nor_queued_for_a_minor()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var later = App.WithClock(clock);
        var (_, answeredFirst) = await CompletedLearnerAsync(Staff, email: $"primero-{Guid.NewGuid():N}@correo.test");
        var (_, anonymized) = await CompletedLearnerAsync(Staff, email: $"anonima-{Guid.NewGuid():N}@correo.test");
        var completed = await App.WithDbAsync(db => db.Completions.Where(c => c.PersonId == answeredFirst).Select(c => c.CompletedUtc).SingleAsync());
        var opens = DateOnly.FromDateTime(Bogota.ToLocal(completed)).AddDays(30);

        // The survey opens at midnight; the invitation leaves at 9:00. Answered at 7:00 from Mi aprendizaje:
        clock.Now = new DateTimeOffset(Bogota.StartOfDayUtc(opens).AddHours(7), TimeSpan.Zero);
        var answered = await Scoped<LearnerSurveys, SubmitResult>(later, s => s.SubmitAsync(answeredFirst, Staff, SurveyKind.Impacto,
            new Dictionary<string, string?> { ["aplicacion"] = "3", ["mejora"] = "3" }, null, default));
        Assert.Equal(SubmitOutcome.Saved, answered.Outcome);
        var result = await Scoped<PrivacyAnonymizer, AnonymizeResult>(later, a => a.AnonymizeAsync(anonymized, "Solicitud del titular", default));

        clock.Now = new DateTimeOffset(Bogota.StartOfDayUtc(opens).AddHours(10), TimeSpan.Zero);
        Assert.Equal(OutboxStatus.Anulado, await StatusAfterDeliveryAsync(later, LearnerSurveys.ImpactDedupKey(answeredFirst, Staff)));
        Assert.Equal(OutboxStatus.Anulado, await StatusAfterDeliveryAsync(later, LearnerSurveys.ImpactDedupKey(anonymized, Staff)));
        var reasons = await App.WithDbAsync(db => db.OutboxMessages.Where(m => m.DedupKey == LearnerSurveys.ImpactDedupKey(answeredFirst, Staff)
            || m.DedupKey == LearnerSurveys.ImpactDedupKey(anonymized, Staff)).OrderBy(m => m.Id).Select(m => new { m.LastError, m.SentUtc }).ToListAsync());
        Assert.Equal("No se envió: la persona ya respondió la encuesta de impacto.", reasons[0].LastError);
        Assert.StartsWith("No se envió: la persona fue anonimizada", reasons[1].LastError);
        Assert.All(reasons, r => Assert.Null(r.SentUtc));

        // A minor (a student without an adult birth date) gets nothing queued, whatever the course.
        var minor = await App.PersonAsync(Audience.Student);
        await App.WithDbAsync(db => db.People.Where(p => p.Id == minor).ExecuteUpdateAsync(u => u
            .SetProperty(p => p.Email, "menor@correo.test").SetProperty(p => p.BirthDate, Bogota.Today(TimeProvider.System).AddYears(-15))));
        await QueueAsync(later, minor);
        Assert.False(await App.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.DedupKey == LearnerSurveys.ImpactDedupKey(minor, Staff))));
    }

    [Fact]
    public async Task An_attended_in_person_session_invites_its_adults_with_an_account_to_both_surveys_once_and_their_answers_count_for_the_session()
    {
        var day = Bogota.Today(TimeProvider.System).AddDays(-1);
        var session = await App.WithScopeAsync(async sp => (await sp.GetRequiredService<InPersonTraining>().CreateSessionAsync(new SessionInput
        {
            CourseId = Staff, Date = day, Hours = 3, TutorName = "Tutora de la sesión",
        }, default)).Session!);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (user, adult) = await App.LearnerAsync();
        var (_, minor) = await App.LearnerAsync(Audience.Student);
        var (_, optedOut) = await App.LearnerAsync();
        var (_, unmarked) = await App.LearnerAsync();
        var noAccount = await App.PersonAsync();
        foreach (var (id, name) in new[] { (adult, "adulta"), (minor, "menor"), (optedOut, "sin-invitaciones"), (unmarked, "desmarcada"), (noAccount, "sin-cuenta") })
            await App.WithDbAsync(db => db.People.Where(p => p.Id == id).ExecuteUpdateAsync(u => u.SetProperty(p => p.Email, $"{name}.{tag}@correo.test")
                .SetProperty(p => p.BirthDate, id == minor ? day.AddYears(-15) : null)
                .SetProperty(p => p.RemindersOptOutUtc, id == optedOut ? DateTime.UtcNow : null)));
        int[] everyone = [adult, minor, optedOut, unmarked, noAccount];

        Assert.Empty(await App.WithAsync<List<string>, InPersonTraining>(t => t.RecordAsync(session.Id, [.. everyone.Select(p => new AttendanceMark(p, true, true))], default)));
        // Recorded again (the tutor saves the list twice): nothing more is queued.
        Assert.Empty(await App.WithAsync<List<string>, InPersonTraining>(t => t.RecordAsync(session.Id, [.. everyone.Select(p => new AttendanceMark(p, true, true))], default)));

        var mail = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.ToAddress.EndsWith($".{tag}@correo.test")).OrderBy(m => m.Id).ToListAsync());
        Assert.Equal([$"adulta.{tag}@correo.test", $"adulta.{tag}@correo.test", $"desmarcada.{tag}@correo.test", $"desmarcada.{tag}@correo.test"],
            mail.Select(m => m.ToAddress).Order(StringComparer.Ordinal));
        var reaction = Assert.Single(mail, m => m.DedupKey == LearnerSurveys.ReactionDedupKey(adult, Staff));
        Assert.Equal(LearnerSurveys.ReactionMailKind, reaction.Kind);
        Assert.Equal("¿Qué le pareció el curso «Gestión del correo institucional»?", reaction.Subject);
        Assert.Contains($"https://scari.test/encuestas/{Staff}\n", reaction.TextBody);
        Assert.Contains("¿Olvidó su contraseña?", reaction.TextBody);
        Assert.NotNull(reaction.UnsubscribeUrl); // an invitation is not transactional
        Assert.True(reaction.NextAttemptUtc <= DateTime.UtcNow);
        var impact = Assert.Single(mail, m => m.DedupKey == LearnerSurveys.ImpactDedupKey(adult, Staff));
        Assert.Equal(Bogota.StartOfDayUtc(day.AddDays(30)).AddHours(9), impact.NextAttemptUtc);
        Assert.NotNull(impact.UnsubscribeUrl);

        // The adult answers from Mi aprendizaje: the answer belongs to the session, not to a cohort or to nobody.
        var client = await App.SignedInClientAsync(user);
        Assert.Contains($"href=\"/encuestas/{Staff}\"", await client.GetStringAsync("/mi-aprendizaje"));
        Assert.Equal(HttpStatusCode.Redirect, (await AnswerAsync(client, Staff, ["claridad=5", "utilidad=4", "duracion=4"], $"Presencial {tag}")).StatusCode);
        var row = await App.WithDbAsync(db => db.SurveyResponses.AsNoTracking().SingleAsync(r => r.Comment == $"Presencial {tag}"));
        Assert.Equal((session.Id, (int?)null, SurveyKind.Reaccion), (row.SessionId, row.CohortId, row.Kind));

        // When due, an invitation the person no longer needs is not sent: answered first, or attendance unmarked since.
        Assert.Empty(await App.WithAsync<List<string>, InPersonTraining>(t => t.RecordAsync(session.Id, [new AttendanceMark(unmarked, true, false)], default)));
        Assert.Equal("No se envió: la persona ya respondió la encuesta de satisfacción.", await ReasonNotToSendAsync(LearnerSurveys.ReactionDedupKey(adult, Staff)));
        Assert.Equal("No se envió: la persona ya no tiene una finalización de este curso (se desmarcó su asistencia).",
            await ReasonNotToSendAsync(LearnerSurveys.ReactionDedupKey(unmarked, Staff)));
        Assert.Equal("No se envió: la persona ya no tiene una finalización de este curso (se desmarcó su asistencia).",
            await ReasonNotToSendAsync(LearnerSurveys.ImpactDedupKey(unmarked, Staff)));
        Assert.Null(await ReasonNotToSendAsync(LearnerSurveys.ImpactDedupKey(adult, Staff)));
        await App.WithDbAsync(db => db.People.Where(p => p.Id == adult).ExecuteUpdateAsync(u => u.SetProperty(p => p.RemindersOptOutUtc, DateTime.UtcNow)));
        Assert.StartsWith("No se envió: la persona fue anonimizada, ya no tiene correo ni cuenta, no es mayor de edad o no quiere recibir invitaciones",
            await ReasonNotToSendAsync(LearnerSurveys.ImpactDedupKey(adult, Staff)));
    }

    [Fact]
    public async Task Attendance_of_a_session_more_than_thirty_days_ago_invites_nobody()
    {
        var day = Bogota.Today(TimeProvider.System).AddDays(-(InPersonTraining.SurveyWindowDays + 1));
        var session = await App.WithScopeAsync(async sp => (await sp.GetRequiredService<InPersonTraining>().CreateSessionAsync(new SessionInput
        {
            CourseId = Staff, Date = day, Hours = 3, TutorName = "Tutora de la sesión",
        }, default)).Session!);
        var (_, person) = await App.LearnerAsync();
        await App.WithDbAsync(db => db.People.Where(p => p.Id == person).ExecuteUpdateAsync(u => u.SetProperty(p => p.Email, $"antigua.{Guid.NewGuid():N}@correo.test")));
        Assert.Empty(await App.WithAsync<List<string>, InPersonTraining>(t => t.RecordAsync(session.Id, [new AttendanceMark(person, true, true)], default)));
        Assert.True(await App.WithDbAsync(db => db.Completions.AnyAsync(c => c.PersonId == person && c.CourseId == Staff)));
        Assert.False(await App.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.DedupKey == LearnerSurveys.ReactionDedupKey(person, Staff)
            || m.DedupKey == LearnerSurveys.ImpactDedupKey(person, Staff))));
    }

    [Fact]
    public async Task Mis_datos_lists_the_surveys_a_person_answered_without_the_answers_and_anonymizing_removes_the_receipts_but_not_the_answers()
    {
        var (client, person) = await CompletedLearnerAsync(Staff);
        var comment = $"Comentario de mis datos {Guid.NewGuid():N}";
        await AnswerAsync(client, Staff, ["claridad=2", "utilidad=3", "duracion=4"], comment);

        var page = FormPosting.Parse(await client.GetStringAsync("/mi-cuenta/mis-datos"));
        var text = WebUtility.HtmlDecode(page.Body!.TextContent);
        Assert.Contains("Encuestas respondidas (solo la constancia: sus respuestas se guardan sin su nombre)", text);
        Assert.Contains("Encuesta de satisfacción", text);
        Assert.DoesNotContain(comment, text);
        using var json = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/mi-cuenta/mis-datos?handler=Json"));
        var receipt = Assert.Single(json.RootElement.GetProperty("encuestas").EnumerateArray());
        Assert.Equal("Gestión del correo institucional", receipt.GetProperty("Curso").GetString());
        Assert.Equal("Encuesta de satisfacción", receipt.GetProperty("Encuesta").GetString());
        Assert.DoesNotContain(comment, await client.GetStringAsync("/mi-cuenta/mis-datos?handler=Csv"));

        Assert.Equal(AnonymizeResult.Anonymized, await App.WithAsync<AnonymizeResult, PrivacyAnonymizer>(a => a.AnonymizeAsync(person, "Solicitud del titular", default)));
        Assert.False(await App.WithDbAsync(db => db.SurveyReceipts.AnyAsync(r => r.PersonId == person)));
        Assert.True(await App.WithDbAsync(db => db.SurveyResponses.AnyAsync(r => r.Comment == comment))); // the results keep the anonymous answer
        Assert.Contains("1 constancia(s) de encuesta", await App.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "person.anonymized"
            && e.TargetId == person.ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(e => e.Summary).SingleAsync()));
    }

    private Task<string?> ReasonNotToSendAsync(string key) => App.WithScopeAsync(async sp =>
    {
        var message = await sp.GetRequiredService<ScariDbContext>().OutboxMessages.AsNoTracking().SingleAsync(m => m.DedupKey == key);
        var guard = sp.GetServices<IOutboxGuard>().Single(g => g.Kind == message.Kind);
        return await guard.ReasonNotToSendAsync(message, default);
    });

    private static async Task<TResult> Scoped<TService, TResult>(WebApplicationFactory<Program> app, Func<TService, Task<TResult>> work) where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private static async Task QueueAsync(WebApplicationFactory<Program> app, int personId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LearnerSurveys>().QueueImpactInvitationAsync(personId, Staff, DateTime.UtcNow, default);
        await scope.ServiceProvider.GetRequiredService<ScariDbContext>().SaveChangesAsync();
    }

    /// <summary>Delivers what is due by the app's clock; returns how many invitations with this key were handled.</summary>
    private static async Task<int> DeliverAsync(WebApplicationFactory<Program> app, string key)
    {
        await app.Services.GetRequiredService<OutboxDelivery>().DeliverBatchAsync(default);
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ScariDbContext>().OutboxMessages
            .CountAsync(m => m.DedupKey == key && m.Status != OutboxStatus.Pendiente);
    }

    private static async Task<OutboxStatus> StatusAfterDeliveryAsync(WebApplicationFactory<Program> app, string key)
    {
        // The app's own sender may take it first; either way it is handled once.
        for (var i = 0; i < 100; i++)
        {
            if (i > 0) await Task.Delay(100);
            await app.Services.GetRequiredService<OutboxDelivery>().DeliverBatchAsync(default);
            await using var scope = app.Services.CreateAsyncScope();
            var status = await scope.ServiceProvider.GetRequiredService<ScariDbContext>().OutboxMessages
                .Where(m => m.DedupKey == key).Select(m => m.Status).SingleAsync();
            if (status is not (OutboxStatus.Pendiente or OutboxStatus.Enviando)) return status;
        }
        throw new InvalidOperationException("La invitación no se entregó.");
    }
}
