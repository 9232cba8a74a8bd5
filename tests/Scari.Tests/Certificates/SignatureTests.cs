using Scari.Web.Features.Certificates;

namespace Scari.Tests.Certificates;

public sealed class SignatureTests
{
    [Fact]
    public void The_signature_verifies_and_fails_after_any_field_changes()
    {
        using var key = SampleCertificate.NewKey();
        var certificate = SampleCertificate.Create(key);
        var fields = SignedFields.Of(certificate);
        Assert.True(key.Verify(fields, certificate.Signature));

        SignedFields[] altered =
        [
            fields with { Code = CertificateCode.New(2026) },
            fields with { HolderName = "Jose Pérez Núñez" },
            fields with { DocumentType = "TI" },
            fields with { DocumentNumber = "1047394522" },
            fields with { CourseId = "transformacion-digital" },
            fields with { CourseTitle = "Seguridad digital" },
            fields with { CourseVersion = "2026.2" },
            fields with { Hours = 400 },
            fields with { CompletedOn = fields.CompletedOn.AddDays(1) },
            fields with { SignatoryTitle = "Alcalde" },
            fields with { EntityName = "Otra entidad" },
            fields with { IssuedUtc = fields.IssuedUtc.AddSeconds(1) },
        ];
        foreach (var changed in altered)
            Assert.False(key.Verify(changed, certificate.Signature), $"La firma aceptó un cambio: {changed.CanonicalText()}");
    }

    [Fact]
    public void Another_key_does_not_verify_the_signature()
    {
        using var key = SampleCertificate.NewKey();
        using var other = SampleCertificate.NewKey();
        var certificate = SampleCertificate.Create(key);
        Assert.False(other.Verify(SignedFields.Of(certificate), certificate.Signature));
        Assert.False(key.Verify(SignedFields.Of(certificate), "no-es-base64"));
    }

    [Fact]
    public void The_canonical_json_has_a_fixed_order_and_invariant_formats()
    {
        var fields = SignedFields.Of(SampleCertificate.Create()) with { Code = "SCARI-2026-0000-0000-0000-0" };
        Assert.Equal(
            """{"format":"scari-certificado-1","code":"SCARI-2026-0000-0000-0000-0","holderName":"Jos\u00E9 P\u00E9rez N\u00FA\u00F1ez","documentType":"CC","documentNumber":"1047394521","courseId":"seguridad-digital","courseTitle":"Seguridad digital para servidores p\u00FAblicos","courseVersion":"2026.1","hours":40,"completedOn":"2026-03-14","signatoryTitle":"Jefe de la Oficina Asesora de Inform\u00E1tica","entityName":"Alcald\u00EDa Mayor de Cartagena de Indias","issuedUtc":"2026-03-15T14:30:05Z"}""",
            fields.CanonicalText());
    }
}
