"""French wording the demo documents draw from: people's names, socle measures, initiatives,
partners and indicators. Invented for the demo; no value comes from a real document."""

from __future__ import annotations

from dataclasses import dataclass

FIRST_NAMES_F = ("Anne", "Claire", "Sophie", "Isabelle", "Nathalie", "Valérie", "Catherine",
                 "Élodie", "Marion", "Agnès", "Béatrice", "Laurence", "Florence", "Céline",
                 "Hélène", "Martine", "Sylvie", "Corinne", "Delphine", "Maud")
FIRST_NAMES_M = ("Jean", "Philippe", "Nicolas", "Olivier", "Thierry", "Laurent", "François",
                 "Michel", "Éric", "Patrick", "Bruno", "Didier", "Frédéric", "Hervé", "Pascal",
                 "Jérôme", "Vincent", "Christophe", "Alain", "Guillaume")
SURNAMES = ("LEMAIRE", "FONTAINE", "CHEVALIER", "ROUSSEL", "MARCHAND", "BARBIER", "LECLERC",
            "DUVAL", "GAUTHIER", "PERRIN", "MOREL", "BRUNET", "GIRAUD", "COLLET", "RENAUD",
            "CARON", "PICARD", "AUBERT", "LACROIX", "VASSEUR", "TESSIER", "BOUVIER", "JOLY",
            "HUMBERT", "MASSON", "LEBRETON", "CORDIER", "BAILLY", "HAMON", "DELATTRE", "FLEURY",
            "VIDAL", "LANGLOIS", "PRÉVOST", "CARPENTIER", "GUICHARD", "MAILLARD", "BESNARD",
            "RIVIÈRE", "POULAIN", "DESCHAMPS", "LAMBERT-ROCHE", "BERTIN-MAZEL", "KERGOAT")


@dataclass(frozen=True, slots=True)
class Measure:
    key: str
    label: str  # the socle measure as fiches name it ("Mesure : …")
    titles: tuple[str, ...]  # possible action titles
    short: tuple[str, ...]  # table labels
    weight: float  # share of the State credits, before noise
    chorus: str  # Chorus budget code of the measure (programme 304, action 19)


SOCLE = (
    Measure("ase", "Prévenir les sorties sèches des jeunes de l'aide sociale à l'enfance",
            ("Accompagner vers l'autonomie les jeunes sortant de l'aide sociale à l'enfance",
             "Garantir un parcours de sortie aux jeunes majeurs de la protection de l'enfance",
             "Prévenir les ruptures de parcours des jeunes confiés à l'ASE"),
            ("Sorties de l'ASE", "Jeunes majeurs sortant de l'ASE", "Autonomie des jeunes ASE"),
            0.16, "0304-50-19-19-01"),
    Measure("accueil", "Premier accueil social inconditionnel de proximité",
            ("Mailler le territoire en lieux de premier accueil social inconditionnel",
             "Structurer le premier accueil social inconditionnel de proximité",
             "Déployer un premier accueil social dans chaque bassin de vie"),
            ("Premier accueil social", "Accueil social inconditionnel", "Premier accueil"),
            0.10, "0304-50-19-19-03"),
    Measure("referent", "Référent de parcours",
            ("Déployer la démarche du référent de parcours",
             "Généraliser le référent de parcours pour les familles suivies",
             "Coordonner les accompagnements par un référent de parcours"),
            ("Référent de parcours", "Démarche référent de parcours", "Référents de parcours"),
            0.08, "0304-50-19-19-04"),
    Measure("rsa", "Insertion des allocataires du RSA : orientation et accompagnement",
            ("Orienter et accompagner plus vite les allocataires du RSA",
             "Réduire les délais d'orientation des bénéficiaires du RSA",
             "Accompagnement renforcé des allocataires du RSA vers l'emploi"),
            ("Orientation des allocataires du RSA", "Orientation RSA", "Parcours des BRSA"),
            0.22, "0304-50-19-19-05"),
    Measure("garantie", "Insertion des allocataires du RSA : garantie d'activité",
            ("Garantie d'activité départementale",
             "Renforcer la garantie d'activité des bénéficiaires du RSA",
             "Accompagnement global et garantie d'activité"),
            ("Garantie d'activité", "Garantie d'activité RSA", "Accompagnement global"),
            0.14, "0304-50-19-19-06"),
    Measure("formation_ts", "Formation des travailleurs sociaux",
            ("Former les travailleurs sociaux aux nouvelles pratiques",
             "Plan de formation des travailleurs sociaux du Département",
             "Former les professionnels de l'action sociale à l'aller-vers"),
            ("Formation des travailleurs sociaux", "Formation travail social", "Plan de formation"),
            0.05, "0304-50-19-19-02"),
    Measure("petite_enfance", "Formation des professionnels de la petite enfance",
            ("Former les professionnels de la petite enfance au langage",
             "Sensibiliser les assistants maternels à l'éveil des tout-petits",
             "Formation des professionnels de la petite enfance"),
            ("Formation petite enfance", "Petite enfance", "Professionnels petite enfance"),
            0.04, "0304-50-19-19-11"),
    Measure("maraudes", "Maraudes mixtes État / Département",
            ("Maraudes mixtes auprès des familles à la rue",
             "Aller vers les familles sans abri par des maraudes mixtes",
             "Équipes mobiles mixtes de maraude"),
            ("Maraudes mixtes", "Maraudes", "Équipes de maraude"),
            0.05, "0304-50-19-19-08"),
    Measure("prevention", "Prévention spécialisée",
            ("Renforcer la prévention spécialisée dans les quartiers prioritaires",
             "Prévention spécialisée auprès des jeunes en rupture",
             "Éducateurs de rue dans les quartiers de la politique de la ville"),
            ("Prévention spécialisée", "Éducateurs de rue", "Prévention jeunesse"),
            0.07, "0304-50-19-19-09"),
    Measure("mobilite", "Mobilité pour l'accès à l'emploi",
            ("Lever les freins de mobilité des personnes en insertion",
             "Plateforme de mobilité solidaire pour l'emploi",
             "Aide à la mobilité vers l'emploi en zone rurale"),
            ("Mobilité vers l'emploi", "Plateforme mobilité", "Mobilité solidaire"),
            0.09, "0304-50-19-19-10"),
)

INITIATIVES = (
    ("Lutter contre la précarité alimentaire", "Précarité alimentaire"),
    ("Épicerie solidaire itinérante dans les communes rurales", "Épicerie itinérante"),
    ("Faciliter l'accès aux soins des personnes en situation de précarité", "Accès aux soins"),
    ("Médiation numérique dans les quartiers prioritaires", "Médiation numérique"),
    ("Prévenir les expulsions locatives dès le premier impayé", "Prévention des expulsions"),
    ("Soutenir la parentalité des familles monoparentales", "Parentalité"),
    ("Lutte contre l'illettrisme des adultes", "Illettrisme"),
    ("Garages solidaires et aide au permis de conduire", "Garages solidaires"),
    ("Insertion par le sport des jeunes éloignés de l'emploi", "Insertion par le sport"),
    ("Accueils de jour pour les familles sans domicile", "Accueils de jour"),
    ("Reconditionnement d'ordinateurs pour les familles modestes", "Numérique solidaire"),
    ("Logement d'abord : captation de logements dans le parc privé", "Logement d'abord"),
    ("Clauses sociales dans les marchés du Département", "Clauses sociales"),
    ("Accompagnement des femmes victimes de violences vers l'emploi", "Femmes et emploi"),
)

DESCRIPTIONS = (
    "entretien d'anticipation, accompagnement individualisé et suivi jusqu'à la sortie",
    "maillage du territoire, formation commune des agents et outil partagé d'orientation",
    "recrutement de professionnels dédiés et coordination avec les partenaires locaux",
    "ateliers collectifs, rendez-vous individuels et suivi des parcours dans la durée",
    "appel à projets auprès des associations et évaluation annuelle des résultats",
    "expérimentation sur deux territoires puis généralisation à l'ensemble du département",
)

PARTNERS = ("missions locales", "CCAS", "CAF", "Pôle emploi", "bailleurs sociaux",
            "associations d'insertion", "MSA", "foyers de jeunes travailleurs", "CPAM",
            "structures d'insertion par l'activité économique", "France Services", "ARS")

INDICATORS = ("nombre de personnes accompagnées", "délai moyen d'orientation",
              "nombre de professionnels formés", "taux de couverture du territoire",
              "nombre de sorties positives", "nombre de ménages bénéficiaires")

OTHER_FINANCERS = ("FSE", "CAF", "ARS", "Région")
