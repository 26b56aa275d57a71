"""Small hand-written samples of each bibliographic export format (the same three papers in each).

Paper 1 (2015): CAR-T cells; paper 2 (2019): radiotherapy and the abscopal effect; paper 3
(2021): a record without an abstract (its title is its text). Each format also has one record
without any text, which must be reported as skipped.
"""

from __future__ import annotations

TITLE_1 = "CAR T-cell therapy in solid tumours"
ABSTRACT_1 = "CAR T-cell therapy targets cancer stem cells. Cytokine release syndrome limits its use."
TITLE_2 = "Radiotherapy and the abscopal effect"
ABSTRACT_2 = "Radiotherapy combined with pembrolizumab induced an abscopal effect in melanoma."
TITLE_3 = "Nanoparticles deliver doxorubicin to the tumour microenvironment"

PUBMED_XML = f"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2019//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_190101.dtd">
<PubmedArticleSet>
<PubmedArticle><MedlineCitation><PMID Version="1">11111</PMID>
  <Article><Journal><JournalIssue><PubDate><Year>2015</Year><Month>Mar</Month></PubDate></JournalIssue>
  <Title>Journal of Immunotherapy</Title></Journal>
  <ArticleTitle>{TITLE_1}</ArticleTitle>
  <Abstract><AbstractText Label="BACKGROUND">CAR T-cell therapy targets cancer stem cells.</AbstractText>
  <AbstractText Label="RESULTS">Cytokine release syndrome limits its use.</AbstractText></Abstract>
  <AuthorList><Author><LastName>Smith</LastName><Initials>J</Initials></Author>
  <Author><LastName>Doe</LastName><Initials>A</Initials></Author></AuthorList>
  <ELocationID EIdType="doi">10.1000/CAR.1</ELocationID></Article>
  <MeshHeadingList><MeshHeading><DescriptorName>Immunotherapy, Adoptive</DescriptorName></MeshHeading></MeshHeadingList>
</MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID Version="1">22222</PMID>
  <Article><Journal><JournalIssue><PubDate><MedlineDate>2019 Jan-Feb</MedlineDate></PubDate></JournalIssue>
  <Title>Radiation Oncology</Title></Journal>
  <ArticleTitle>{TITLE_2}</ArticleTitle>
  <Abstract><AbstractText>{ABSTRACT_2}</AbstractText></Abstract></Article>
</MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID Version="1">33333</PMID>
  <Article><Journal><JournalIssue><PubDate><Year>2021</Year></PubDate></JournalIssue><Title>Nano Today</Title></Journal>
  <ArticleTitle>{TITLE_3}</ArticleTitle></Article>
</MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID Version="1">44444</PMID>
  <Article><Journal><Title>Empty</Title></Journal><ArticleTitle></ArticleTitle></Article>
</MedlineCitation></PubmedArticle>
</PubmedArticleSet>
"""

MEDLINE = f"""PMID- 11111
OWN - NLM
DP  - 2015 Mar
TI  - CAR T-cell therapy in solid
      tumours
AB  - CAR T-cell therapy targets cancer stem cells. Cytokine release syndrome limits
      its use.
FAU - Smith, John
FAU - Doe, Anna
JT  - Journal of Immunotherapy
MH  - *Immunotherapy, Adoptive/methods
LID - 10.1000/CAR.1 [doi]

PMID- 22222
DP  - 2019
TI  - {TITLE_2}
AB  - {ABSTRACT_2}
JT  - Radiation Oncology

PMID- 33333
DP  - 2021 Dec 1
TI  - {TITLE_3}
JT  - Nano Today

PMID- 44444
DP  - 2022
JT  - Empty
"""

RIS = f"""TY  - JOUR
TI  - {TITLE_1}
AU  - Smith, John
AU  - Doe, Anna
T2  - Journal of Immunotherapy
PY  - 2015
DO  - 10.1000/CAR.1
AB  - {ABSTRACT_1}
KW  - CAR-T
ER  - 

TY  - JOUR
T1  - {TITLE_2}
JF  - Radiation Oncology
Y1  - 2019///
N2  - {ABSTRACT_2}
ER  - 

TY  - JOUR
TI  - {TITLE_3}
T2  - Nano Today
PY  - 2021
ER  - 

TY  - JOUR
T2  - Empty
PY  - 2022
ER  - 
"""

BIBTEX = f"""@article{{smith2015,
  author = {{Smith, John and Doe, Anna}},
  title = {{{{CAR}} T-cell therapy in solid tumours}},
  journal = {{Journal of Immunotherapy}},
  year = {{2015}},
  doi = {{10.1000/CAR.1}},
  abstract = {{{ABSTRACT_1}}},
  keywords = {{CAR-T; immunotherapy}}
}}

@article{{lee2019,
  author = {{Lee, Min and M{{\\"u}}ller, Karl}},
  title = {{{TITLE_2}}},
  journal = {{Radiation Oncology}},
  year = {{2019}},
  abstract = {{{ABSTRACT_2}}}
}}

@article{{nano2021,
  title = {{{TITLE_3}}},
  journal = {{Nano Today}},
  year = 2021,
  note = {{cited By 0}},
  note = {{a field given twice, as Scopus exports do}}
}}

@misc{{empty2022,
  year = {{2022}}
}}
"""

WOS = f"""FN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Smith, J
   Doe, A
AF Smith, John
   Doe, Anna
TI CAR T-cell therapy in solid
   tumours
SO JOURNAL OF IMMUNOTHERAPY
DE CAR-T; immunotherapy
AB {ABSTRACT_1}
PY 2015
DI 10.1000/CAR.1
UT WOS:000000000000001
ER

PT J
AU Lee, M
TI {TITLE_2}
SO RADIATION ONCOLOGY
AB {ABSTRACT_2}
PY 2019
UT WOS:000000000000002
ER

PT J
TI {TITLE_3}
SO NANO TODAY
PY 2021
UT WOS:000000000000003
ER

PT J
SO EMPTY
PY 2022
UT WOS:000000000000004
ER

EF
"""

# Web of Science "Tab-delimited file": a header of field tags, one record per line, a tab after the last field.
WOS_TAB_HEADER = ("PT\tAU\tBA\tBE\tGP\tAF\tBF\tCA\tTI\tSO\tSE\tBS\tLA\tDT\tCT\tCY\tCL\tSP\tHO\tDE\tID\tAB\tC1\t"
                  "C3\tRP\tEM\tRI\tOI\tFU\tFP\tFX\tCR\tNR\tTC\tZ9\tU1\tU2\tPU\tPI\tPA\tSN\tEI\tBN\tJ9\tJI\tPD\tPY\t"
                  "VL\tIS\tPN\tSU\tSI\tMA\tBP\tEP\tAR\tDI\tDL\tD2\tEA\tPG\tWC\tWE\tSC\tGA\tPM\tOA\tHC\tHP\tDA\tUT")


def _wos_row(**values: str) -> str:
    return "\t".join(values.get(tag, "") for tag in WOS_TAB_HEADER.split("\t")) + "\t"


WOS_TAB_ROWS = [
    _wos_row(PT="J", AU="Smith, J; Doe, A", AF="Smith, John; Doe, Anna", TI=TITLE_1, SO="JOURNAL OF IMMUNOTHERAPY",
             DE="CAR-T; immunotherapy", AB=ABSTRACT_1, PY="2015", DI="10.1000/CAR.1", UT="WOS:000000000000001"),
    _wos_row(PT="J", AU="Lee, M", TI=TITLE_2, SO="RADIATION ONCOLOGY", AB=ABSTRACT_2, PY="2019",
             UT="WOS:000000000000002"),
    _wos_row(PT="J", TI=TITLE_3, SO="NANO TODAY", PY="2021", UT="WOS:000000000000003"),
    _wos_row(PT="J", SO="EMPTY", PY="2022", UT="WOS:000000000000004"),
]
WOS_TAB = "\ufeff" + "\r\n".join([WOS_TAB_HEADER, *WOS_TAB_ROWS]) + "\r\n"

PUBTATOR = f"""11111|t|{TITLE_1}
11111|a|{ABSTRACT_1}
11111\t0\t3\tCAR\tGene\t-

22222|t|{TITLE_2}
22222|a|{ABSTRACT_2}
22222\t60\t68\tmelanoma\tDisease\tMESH:D008545

33333|t|{TITLE_3}
33333|a|

44444|t|
44444|a|
"""

BIOC_XML = f"""<?xml version='1.0' encoding='UTF-8'?><!DOCTYPE collection SYSTEM 'BioC.dtd'>
<collection><source>PubTator</source><date>2024</date><key>BioC.key</key>
<document><id>11111</id>
  <passage><infon key="type">title</infon><infon key="year">2015</infon>
  <infon key="journal">Journal of Immunotherapy; 2015 Mar</infon><offset>0</offset><text>{TITLE_1}</text></passage>
  <passage><infon key="type">abstract</infon><offset>40</offset><text>{ABSTRACT_1}</text>
  <annotation id="1"><infon key="type">Gene</infon><location offset="40" length="3"/><text>CAR</text></annotation></passage>
</document>
<document><id>22222</id>
  <passage><infon key="type">front</infon><infon key="year">2019</infon><offset>0</offset><text>{TITLE_2}</text></passage>
  <passage><infon key="type">paragraph</infon><offset>40</offset><text>{ABSTRACT_2}</text></passage>
  <passage><infon key="type">ref</infon><offset>200</offset><text>Smith J. A cited paper about chemotherapy.</text></passage>
</document>
<document><id>33333</id>
  <passage><infon key="type">title</infon><infon key="year">2021</infon><offset>0</offset><text>{TITLE_3}</text></passage>
</document>
<document><id>44444</id></document>
</collection>
"""

BIOC_JSON = (
    '{"PubTator3": ['
    f'{{"id": "11111", "infons": {{}}, "passages": [{{"infons": {{"type": "title", "year": "2015", '
    f'"journal": "Journal of Immunotherapy;2015Mar; 1 (1) 1", "authors": "Smith J, Doe A"}}, "text": "{TITLE_1}"}}, '
    f'{{"infons": {{"type": "abstract"}}, "text": "{ABSTRACT_1}"}}]}}, '
    f'{{"id": "22222", "passages": [{{"infons": {{"type": "title", "year": "2019"}}, "text": "{TITLE_2}"}}, '
    f'{{"infons": {{"type": "abstract"}}, "text": "{ABSTRACT_2}"}}]}}, '
    f'{{"id": "33333", "passages": [{{"infons": {{"type": "title", "year": "2021"}}, "text": "{TITLE_3}"}}]}}, '
    '{"id": "44444", "passages": []}'
    ']}'
)

SCOPUS_CSV = (
    "\ufeffAuthors,Title,Year,Source title,DOI,Abstract,Author Keywords,EID\n"
    f'"Smith J., Doe A.",{TITLE_1},2015,Journal of Immunotherapy,10.1000/CAR.1,"{ABSTRACT_1}",CAR-T,2-s2.0-1\n'
    f'Lee M.,{TITLE_2},2019,Radiation Oncology,,"{ABSTRACT_2}",,2-s2.0-2\n'
    f'"",{TITLE_3},2021,Nano Today,,[No abstract available],,2-s2.0-3\n'
    '"",,2022,Empty,,[No abstract available],,2-s2.0-4\n'
)

# Paper 1 in each format: (id, year, journal); the formats without journals or years say None.
EXPECTED = {
    "pubmed.xml": ("11111", 2015, "Journal of Immunotherapy"),
    "export.nbib": ("11111", 2015, "Journal of Immunotherapy"),
    "export.ris": ("10.1000/car.1", 2015, "Journal of Immunotherapy"),
    "export.bib": ("10.1000/car.1", 2015, "Journal of Immunotherapy"),
    "savedrecs.txt": ("WOS:000000000000001", 2015, "JOURNAL OF IMMUNOTHERAPY"),
    "savedrecs-tab.txt": ("WOS:000000000000001", 2015, "JOURNAL OF IMMUNOTHERAPY"),
    "pubtator.txt": ("11111", None, None),
    "bioc.xml": ("11111", 2015, "Journal of Immunotherapy"),
    "pubtator3.biocjson": ("11111", 2015, "Journal of Immunotherapy"),
    "scopus.csv": ("10.1000/car.1", 2015, "Journal of Immunotherapy"),
}

SAMPLES = {
    "pubmed.xml": PUBMED_XML,
    "export.nbib": MEDLINE,
    "export.ris": RIS,
    "export.bib": BIBTEX,
    "savedrecs.txt": WOS,
    "savedrecs-tab.txt": WOS_TAB,
    "pubtator.txt": PUBTATOR,
    "bioc.xml": BIOC_XML,
    "pubtator3.biocjson": BIOC_JSON,
    "scopus.csv": SCOPUS_CSV,
}
