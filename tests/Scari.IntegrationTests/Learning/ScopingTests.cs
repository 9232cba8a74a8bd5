using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;
using Scari.Web.Features.InPerson;

namespace Scari.IntegrationTests.Learning;

/// <summary>
/// Every URL of enrollment and learning that names a person, enrollment, cohort or attempt refuses other people's ids,
/// and so does a tutor's in-person session page.
/// </summary>
public sealed class ScopingTests(JourneyApp fixture) : IClassFixture<JourneyApp>
{
    private ScariAppFactory App => fixture.App;

    private sealed record World(int ColegioA, int CohortA, int CohortB, int EnrollmentA, int PersonA, int PersonB, int AttemptOfL1, int SessionOfTutorA,
        string CoordinatorA, string CoordinatorB, string TutorA, string OtherTutor, string LearnerL1, string LearnerL2);

    private async Task<World> BuildAsync()
    {
        var colegioA = await App.ColegioAsync();
        var colegioB = await App.ColegioAsync();
        var course = await App.CourseAsync(JourneyData.Unique("curso"), Audience.Student);
        var personA = await App.PersonAsync(Audience.Student, colegioId: colegioA);
        var personB = await App.PersonAsync(Audience.Student, colegioId: colegioB);
        var coordinatorA = await App.StaffAsync(Roles.Coordinador, colegioId: colegioA);
        var coordinatorB = await App.StaffAsync(Roles.Coordinador, colegioId: colegioB);
        var tutorA = await App.StaffAsync(Roles.Tutor);
        var otherTutor = await App.StaffAsync(Roles.Tutor);
        var tutorAId = await App.UserIdAsync(tutorA);

        var coordA = JourneyData.Coordinator(colegioId: colegioA);
        var cohortA = (await App.WithAsync<CohortCreated, Cohorts>(c => c.CreateAsync(coordA,
            new CohortDraft(JourneyData.Unique("Colegio A 10A"), course.CourseId, new DateOnly(2026, 2, 1), new DateOnly(2026, 11, 30), tutorAId, null, null), default))).CohortId!.Value;
        await App.WithAsync<MembersAdded, Cohorts>(c => c.AddMembersAsync(coordA, cohortA, [personA], default));
        var cohortB = (await App.WithAsync<CohortCreated, Cohorts>(c => c.CreateAsync(JourneyData.Coordinator(colegioId: colegioB),
            new CohortDraft(JourneyData.Unique("Colegio B 11B"), course.CourseId, new DateOnly(2026, 2, 1), new DateOnly(2026, 11, 30), null, null, null), default))).CohortId!.Value;
        var enrollmentA = await App.WithDbAsync(db => db.Enrollments.Where(e => e.PersonId == personA).Select(e => e.Id).SingleAsync());

        var (learner1, l1Person) = await App.LearnerAsync();
        var (learner2, _) = await App.LearnerAsync();
        var l1Enrollment = (await App.WithAsync<EnrollOutcome, EnrollPerson>(e => e.SelfAsync(l1Person, "primeros-pasos", default))).EnrollmentId!.Value;
        var attempt = await App.WithDbAsync(async db =>
        {
            var a = new QuizAttempt { EnrollmentId = l1Enrollment, QuizId = "inicio-evaluacion", Score = 50, SubmittedUtc = DateTime.UtcNow, AnswersJson = "[[1],[0]]" };
            db.QuizAttempts.Add(a);
            await db.SaveChangesAsync();
            return a.Id;
        });
        var sessionOfTutorA = await App.WithDbAsync(async db =>
        {
            var name = JourneyData.Unique("Taller de la tutora A");
            var s = new TrainingSession
            {
                Name = name,
                ActivityKey = InPersonTraining.ActivityKey(null, name),
                Date = new DateOnly(2026, 3, 3),
                Hours = 2,
                TutorName = "Tutora A",
                TutorUserId = tutorAId,
                CreatedUtc = DateTime.UtcNow,
            };
            db.TrainingSessions.Add(s);
            await db.SaveChangesAsync();
            return s.Id;
        });
        return new(colegioA, cohortA, cohortB, enrollmentA, personA, personB, attempt, sessionOfTutorA, coordinatorA, coordinatorB, tutorA, otherTutor, learner1, learner2);
    }

    [Fact]
    public async Task Another_learners_or_another_coordinators_ids_answer_404_or_403_on_every_route()
    {
        var w = await BuildAsync();
        var quizAttemptUrl = $"/cursos/primeros-pasos/inicio-evaluacion/intentos/{w.AttemptOfL1}";
        var sessionUrl = $"/admin/formacion-presencial/{w.SessionOfTutorA}";
        var cases = new (string Who, string Method, string Url, (string, string)[] Form)[]
        {
            (w.CoordinatorB, "GET", $"/admin/cohortes/{w.CohortA}", []),
            (w.CoordinatorB, "POST", $"/admin/cohortes/{w.CohortA}?handler=Add", [("personIds", w.PersonB.ToString())]),
            (w.CoordinatorB, "POST", $"/admin/cohortes/{w.CohortA}?handler=Withdraw", [("enrollmentId", w.EnrollmentA.ToString())]),
            (w.CoordinatorB, "POST", $"/admin/cohortes/{w.CohortB}?handler=Withdraw", [("enrollmentId", w.EnrollmentA.ToString())]),
            (w.CoordinatorB, "POST", "/admin/inscripciones?handler=Withdraw", [("enrollmentId", w.EnrollmentA.ToString())]),
            (w.CoordinatorA, "GET", $"/admin/cohortes/{w.CohortB}", []),
            (w.CoordinatorA, "POST", $"/admin/cohortes/{w.CohortB}?handler=Add", [("personIds", w.PersonA.ToString())]),
            (w.OtherTutor, "GET", $"/admin/cohortes/{w.CohortA}", []),
            (w.TutorA, "POST", $"/admin/cohortes/{w.CohortA}?handler=Withdraw", [("enrollmentId", w.EnrollmentA.ToString())]),
            (w.TutorA, "POST", "/admin/inscripciones?handler=Withdraw", [("enrollmentId", w.EnrollmentA.ToString())]),
            (w.LearnerL2, "GET", $"/admin/cohortes/{w.CohortA}", []),
            (w.LearnerL2, "POST", "/admin/inscripciones?handler=Withdraw", [("enrollmentId", w.EnrollmentA.ToString())]),
            (w.LearnerL2, "GET", quizAttemptUrl, []),
            (w.CoordinatorA, "GET", quizAttemptUrl, []),
            (w.OtherTutor, "GET", sessionUrl, []),
            (w.OtherTutor, "POST", $"{sessionUrl}?handler=Save", [("Marks[0].PersonId", w.PersonB.ToString()), ("Marks[0].Attended", "true")]),
            (w.OtherTutor, "POST", $"{sessionUrl}?handler=Add", [("Agregar", w.PersonB.ToString())]),
            (w.CoordinatorA, "GET", sessionUrl, []),
        };

        var failures = new List<string>();
        foreach (var (who, method, url, form) in cases)
        {
            using var client = await App.SignedInClientAsync(who);
            HttpResponseMessage response;
            if (method == "GET") response = await client.GetAsync(url);
            else
            {
                var token = (await client.GetDocumentAsync("/")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
                response = await client.PostAsync(url, new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))
                    .Append(new("__RequestVerificationToken", token))));
            }
            var refused = response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden
                || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } to
                    && (to.IsAbsoluteUri ? to.PathAndQuery : to.OriginalString).StartsWith("/cuenta/acceso-denegado", StringComparison.Ordinal));
            if (!refused) failures.Add($"{who} {method} {url} -> {(int)response.StatusCode} {response.Headers.Location}");
        }
        Assert.Empty(failures);

        // Nothing changed, and the rightful owners still get through.
        Assert.Null(await App.WithDbAsync(db => db.Enrollments.Where(e => e.Id == w.EnrollmentA).Select(e => e.WithdrawnUtc).SingleAsync()));
        Assert.False(await App.WithDbAsync(db => db.Enrollments.AnyAsync(e => e.PersonId == w.PersonB)));
        Assert.False(await App.WithDbAsync(db => db.Attendances.AnyAsync(a => a.SessionId == w.SessionOfTutorA)));
        using var owner = await App.SignedInClientAsync(w.CoordinatorA);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/admin/cohortes/{w.CohortA}")).StatusCode);
        using var tutor = await App.SignedInClientAsync(w.TutorA);
        Assert.Equal(HttpStatusCode.OK, (await tutor.GetAsync($"/admin/cohortes/{w.CohortA}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tutor.GetAsync(sessionUrl)).StatusCode);
        using var learner = await App.SignedInClientAsync(w.LearnerL1);
        Assert.Equal(HttpStatusCode.OK, (await learner.GetAsync(quizAttemptUrl)).StatusCode);
    }

    [Fact]
    public async Task Staff_lists_show_only_what_each_role_may_see()
    {
        var w = await BuildAsync();
        var personAName = await App.WithDbAsync(db => db.People.Where(p => p.Id == w.PersonA).Select(p => p.GivenNames).SingleAsync());

        using var coordinatorA = await App.SignedInClientAsync(w.CoordinatorA);
        using var coordinatorB = await App.SignedInClientAsync(w.CoordinatorB);
        using var otherTutor = await App.SignedInClientAsync(w.OtherTutor);
        Assert.Contains(personAName, await coordinatorA.GetStringAsync("/admin/inscripciones"));
        Assert.DoesNotContain(personAName, await coordinatorB.GetStringAsync("/admin/inscripciones"));
        Assert.DoesNotContain(personAName, await otherTutor.GetStringAsync("/admin/inscripciones"));
        Assert.Contains("No hay cohortes que usted pueda ver.", await otherTutor.GetStringAsync("/admin/cohortes"));

        var withdrawn = await coordinatorA.PostFormAsync($"/admin/cohortes/{w.CohortA}", new() { ["enrollmentId"] = w.EnrollmentA.ToString() },
            $"/admin/cohortes/{w.CohortA}?handler=Withdraw");
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.NotNull(await App.WithDbAsync(db => db.Enrollments.Where(e => e.Id == w.EnrollmentA).Select(e => e.WithdrawnUtc).SingleAsync()));
    }
}

public sealed class StaffPagesTests(JourneyApp fixture) : IClassFixture<JourneyApp>
{
    private ScariAppFactory App => fixture.App;

    [Fact]
    public async Task A_coordinator_creates_a_cohort_adds_members_through_the_pages_and_a_repeated_name_is_refused()
    {
        var dependencia = await App.DependenciaAsync();
        var member = await App.PersonAsync(Scari.Web.Features.People.Audience.Staff, dependenciaId: dependencia, givenNames: "Marta");
        var coordinator = await App.StaffAsync(Roles.Coordinador, dependenciaId: dependencia);
        using var client = await App.SignedInClientAsync(coordinator);
        var name = JourneyData.Unique("SIGOB marzo 2026");
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.CourseId"] = "primeros-pasos",
            ["Input.StartDate"] = "2026-03-01", ["Input.EndDate"] = "2026-03-31",
        };

        var created = await client.PostFormAsync("/admin/cohortes/nueva", fields);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var cohortUrl = created.Headers.Location!.OriginalString;
        var added = await client.PostFormAsync(cohortUrl, new() { ["personIds"] = member.ToString() }, $"{cohortUrl}?handler=Add");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var detail = await client.GetStringAsync(cohortUrl);
        Assert.Contains("Marta", detail);
        Assert.Contains("0 de 3", detail);

        var repeated = await client.PostFormAsync("/admin/cohortes/nueva", fields);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Contains($"Ya existe una cohorte llamada «{name}»: elija otro nombre.", await repeated.Content.ReadAsStringAsync());
        Assert.Equal(1, await App.WithDbAsync(db => db.Cohorts.CountAsync(c => c.Name == name)));
    }

    [Fact]
    public async Task Staff_enrollment_by_document_refuses_people_outside_the_coordinators_scope()
    {
        var mine = await App.DependenciaAsync();
        var other = await App.DependenciaAsync();
        var outsider = await App.PersonAsync(Scari.Web.Features.People.Audience.Staff, dependenciaId: other);
        var insider = await App.PersonAsync(Scari.Web.Features.People.Audience.Staff, dependenciaId: mine);
        var numbers = await App.WithDbAsync(db => db.People.Where(p => p.Id == outsider || p.Id == insider).ToDictionaryAsync(p => p.Id, p => p.DocumentNumber));
        using var client = await App.SignedInClientAsync(await App.StaffAsync(Roles.Coordinador, dependenciaId: mine));

        var refused = await client.PostFormAsync("/admin/inscripciones", new() { ["Document"] = numbers[outsider], ["CourseId"] = "primeros-pasos" }, "/admin/inscripciones?handler=Enroll");
        var accepted = await client.PostFormAsync("/admin/inscripciones", new() { ["Document"] = numbers[insider], ["CourseId"] = "primeros-pasos" }, "/admin/inscripciones?handler=Enroll");
        var twice = await client.PostFormAsync("/admin/inscripciones", new() { ["Document"] = numbers[insider], ["CourseId"] = "primeros-pasos" }, "/admin/inscripciones?handler=Enroll");

        Assert.Contains($"No encontramos a una persona con el documento {numbers[outsider]} entre las que usted puede inscribir.", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains("Ya está inscrito en este curso.", await twice.Content.ReadAsStringAsync());
        Assert.False(await App.WithDbAsync(db => db.Enrollments.AnyAsync(e => e.PersonId == outsider)));
        Assert.Equal(EnrollmentSource.Staff, await App.WithDbAsync(db => db.Enrollments.Where(e => e.PersonId == insider).Select(e => e.Source).SingleAsync()));
    }
}
