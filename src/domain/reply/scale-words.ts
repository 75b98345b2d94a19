/**
 * A survey's scale points in words (locales' `scale.*` labels and the ways parents say them),
 * per scale: "strongly agree" is 6 on the agreement scale and means nothing on the frequency
 * scale. Longer phrases win over shorter ones (lexicon.ts), so "pas du tout d'accord" is 1 and
 * never "d'accord" (5); "une fois par mois" is 4 and never "une" (1).
 */
import type { SurveyScale } from '../../core/types.js';
import type { Words } from './words.js';

type ScaleWords = Record<1 | 2 | 3 | 4 | 5 | 6, Words>;

const AGREEMENT: ScaleWords = {
  6: {
    en: ['strongly agree', 'i strongly agree', 'totally agree', 'i totally agree', 'completely agree', 'i completely agree', 'fully agree', 'i fully agree',
      'absolutely agree', 'agree strongly', 'agree completely', 'agree totally', 'very much agree', 'i agree completely', 'i agree totally'],
    fr: ["tout à fait d'accord", "totalement d'accord", "entièrement d'accord", "complètement d'accord", "absolument d'accord", 'tout à fait',
      "je suis tout à fait d'accord", "je suis totalement d'accord", "je suis entièrement d'accord", "d'accord à 100", 'à 100', 'cent pour cent', '100 pour 100', "complètement d'accord avec ça", "tout a fait daccord"],
    msa: ['أوافق بشدة', 'موافق بشدة', 'متفق بشدة', 'أوافق تماما', 'موافق تماما', 'متفق تماما', 'موافق جدا', 'متفق جدا', 'أوافق بقوة', 'موافقة تماما',
      'موافقة بشدة', 'أتفق تماما', 'أتفق بشدة', 'موافق بالتأكيد'],
    darija: ['موافق بزاف', 'متافق بزاف', 'متفق بزاف', 'موافقة بزاف', 'متافق مية فالمية', 'متفق مية فالمية', 'موافق مية فالمية', 'مية فالمية', '100 فالمية'],
    arabizi: ['mya f lmya', '100 f lmya', 'mwafe9 mya f lmya', 'mwafe9 bzaf', 'mwafek bzaf', 'mtafe9 bzaf', 'mwafe9 bezzaf', 'mwaf9a bzaf', 'mwafqa bzaf', 'mtaf9 bzaf'],
  },
  5: {
    en: ['agree', 'i agree', 'agreed', 'we agree'],
    fr: ["d'accord", "je suis d'accord", 'daccord', "suis d'accord", "nous sommes d'accord"],
    msa: ['أوافق', 'موافق', 'موافقة', 'متفق', 'متفقة', 'أتفق', 'نوافق', 'نعم أوافق'],
    darija: ['متافق', 'متافقة', 'كنوافق'],
    arabizi: ['mwafe9', 'mwafek', 'mwaf9', 'mtafe9', 'mtafe9a', 'mwaf9a', 'mwafqa', 'mwafeq', 'mtafeq'],
  },
  4: {
    en: ['slightly agree', 'somewhat agree', 'agree a little', 'agree slightly', 'i slightly agree', 'i somewhat agree', 'partly agree', 'i agree a little',
      'agree a bit', 'i agree a bit', 'kind of agree', 'sort of agree'],
    fr: ["plutôt d'accord", "un peu d'accord", "assez d'accord", "légèrement d'accord", "je suis plutôt d'accord", "je suis un peu d'accord", "moyennement d'accord"],
    msa: ['أوافق قليلا', 'موافق قليلا', 'متفق قليلا', 'أوافق نوعا ما', 'موافق نوعا ما', 'متفق نوعا ما', 'أوافق إلى حد ما', 'موافق إلى حد ما',
      'متفق إلى حد ما', 'موافقة قليلا', 'أتفق قليلا'],
    darija: ['موافق شوية', 'متفق شوية', 'شوية موافق', 'متافق شوية', 'موافقة شوية', 'كنوافق شوية'],
    arabizi: ['mwafe9 chwiya', 'chwiya mwafe9', 'mwafek chwia', 'mwafe9 chwia', 'mwafe9 chwya', 'mtafe9 chwiya', 'mwaf9a chwiya'],
  },
  3: {
    en: ['slightly disagree', 'somewhat disagree', 'disagree a little', 'disagree slightly', 'i slightly disagree', 'i somewhat disagree', 'partly disagree',
      'i disagree a little', 'disagree a bit', 'i disagree a bit', 'kind of disagree', 'not really agree', "i don't really agree", "don't really agree"],
    fr: ["plutôt pas d'accord", "pas vraiment d'accord", "un peu pas d'accord", 'légèrement en désaccord', 'plutôt en désaccord', 'un peu en désaccord',
      "je suis plutôt pas d'accord", "je ne suis pas vraiment d'accord", "je suis pas vraiment d'accord"],
    msa: ['أعارض قليلا', 'أعارض نوعا ما', 'أعارض إلى حد ما', 'لا أوافق قليلا', 'غير موافق نوعا ما', 'غير موافق قليلا', 'غير متفق نوعا ما',
      'معارض قليلا', 'لا أوافق تماما'],
    darija: ['ماشي موافق بزاف', 'ماشي متفق بزاف', 'ماشي متافق بزاف', 'ماشي بزاف موافق', 'كنعارض شوية', 'معارض شوية'],
    arabizi: ['machi mwafe9 bzaf', 'machi mwafek bzaf', 'machi mtafe9 bzaf', 'machi bzaf mwafe9', 'kan3arad chwia', 'kan3arad chwiya', 'kan3ared chwiya'],
  },
  2: {
    en: ['disagree', 'i disagree', 'do not agree', "don't agree", "i don't agree", 'i do not agree', 'we disagree', 'not agree'],
    fr: ["pas d'accord", "je ne suis pas d'accord", "je suis pas d'accord", 'en désaccord', 'pas daccord', "suis pas d'accord", 'je suis en désaccord'],
    msa: ['أعارض', 'معارض', 'معارضة', 'لا أوافق', 'غير موافق', 'غير موافقة', 'غير متفق', 'غير متفقة', 'لا أتفق', 'لست موافقا', 'لست متفقا'],
    darija: ['ماشي موافق', 'ماشي متفق', 'ماشي متافق', 'ما متافقش', 'مامتافقش', 'ماشي موافقة', 'كنعارض'],
    arabizi: ['machi mwafe9', 'machi mwafek', 'machi mtafe9', 'ma mtaf9ch', 'mamtaf9ch', 'mamtafe9ch', 'machi mwaf9a', 'mashi mwafe9', 'kan3arad', 'kan3ared'],
  },
  1: {
    en: ['strongly disagree', 'i strongly disagree', 'totally disagree', 'i totally disagree', 'completely disagree', 'i completely disagree', 'not at all',
      'absolutely not', 'disagree strongly', 'disagree completely', 'disagree totally', 'i do not agree at all', "i don't agree at all", "don't agree at all"],
    fr: ["pas du tout d'accord", 'pas du tout', "absolument pas d'accord", 'totalement en désaccord', 'fortement en désaccord', 'complètement en désaccord',
      "je ne suis pas du tout d'accord", "je suis pas du tout d'accord", "pas d'accord du tout", 'tout à fait en désaccord', "pas d'accord ga3", "pas d'accord du tout du tout"],
    msa: ['أعارض بشدة', 'معارض بشدة', 'أعارض تماما', 'لا أوافق إطلاقا', 'لا أوافق أبدا', 'لا أوافق بتاتا', 'غير موافق تماما', 'غير موافق إطلاقا',
      'غير متفق تماما', 'غير متفق إطلاقا', 'لا أتفق إطلاقا', 'أرفض تماما'],
    darija: ['ماشي متافق نهائيا', 'ماشي موافق نهائيا', 'ماشي متفق نهائيا', 'ماشي متافق كاع', 'ماشي موافق كاع', 'كاع ماشي موافق', 'ماشي موافق بالكل'],
    arabizi: ['machi mwafe9 nihai2an', 'machi mwafe9 ga3', 'ga3 machi mwafe9', 'machi mwafe9 b lkol', 'machi mwafek ga3', 'machi mtafe9 ga3'],
  },
};

const FREQUENCY: ScaleWords = {
  1: {
    en: ['never', 'not once', 'not even once', 'never once', 'never ever'],
    fr: ['jamais', 'pas une seule fois', 'jamais de la vie', 'pas une fois', 'aucune fois'],
    msa: ['أبدا', 'ولا مرة', 'لم يحدث', 'مطلقا', 'لا أبدا', 'ولا مرة واحدة'],
    darija: ['عمري', 'عمرني', 'حتى مرة', 'عمري ما', 'حتى شي مرة', 'عمرهم', 'عمرو', 'عمرها'],
    arabizi: ['3mmri', '3emmri', '3omri', 'ma3emmerni', '3amri', 'hta merra', '7ta mara', '7ta merra', 'wla merra', 'wala merra', 'hta chi merra', 'wala mra', 'wla mra',
      '3emmrhoum', '3mrhom', '3omrhom', '3emmro', '3omro', '3emmrha'],
  },
  2: {
    en: ['only once', 'just once', 'once', 'once this year', 'once a year', 'one time this year', 'once per year', 'once in the year', 'just once this year', 'only once this year'],
    fr: ['une fois cette année', 'une fois par an', "une fois dans l'année", 'une seule fois', 'une fois par année', 'une fois cette annee', '1 fois par an', '1 fois cette année', 'une fois had l3am', 'mra had l3am'],
    msa: ['مرة هذه السنة', 'مرة في السنة', 'مرة واحدة هذه السنة', 'مرة واحدة في السنة', 'مرة هذا العام', 'مرة في العام', 'مرة واحدة'],
    darija: ['مرة فالعام', 'مرة وحدة', 'مرة هاد العام', 'مرة وحدة فالعام'],
    arabizi: ['merra f l3am', 'mera f l3am', 'merra had l3am', 'merra wa7da', 'mra wa7da', 'merra f3am', 'mra f l3am', 'merra wahda'],
  },
  3: {
    en: ['once a semester', 'once per semester', 'once each semester', 'every semester', 'once a term', 'every term', 'once per term', 'each semester'],
    fr: ['une fois par semestre', 'chaque semestre', 'tous les semestres', 'une fois chaque semestre'],
    msa: ['مرة كل دورة', 'مرة في الدورة', 'كل دورة', 'مرة في كل دورة', 'مرة كل فصل', 'كل فصل دراسي', 'مرة في الفصل'],
    darija: ['مرة فالدورة', 'مرة فكل دورة'],
    arabizi: ['merra f dawra', 'kol dawra', 'merra f kol dawra', 'kol semestre', 'merra f semestre', 'mra f semestre', '1 fois par semestre'],
  },
  4: {
    en: ['once a month', 'monthly', 'every month', 'once per month', 'each month', 'once every month'],
    fr: ['une fois par mois', 'chaque mois', 'tous les mois', 'mensuellement', '1 fois par mois', 'une fois f chhar', 'une fois fi chhar'],
    msa: ['مرة في الشهر', 'كل شهر', 'شهريا', 'مرة كل شهر', 'مرة واحدة في الشهر'],
    darija: ['مرة فالشهر', 'مرة فشهر', 'مرة وحدة فالشهر', 'مرة وحدة فشهر'],
    arabizi: ['mra wa7da f chhar', 'merra wa7da f chhar', 'merra f chhar', 'kol chhar', 'mra f chhar', 'kol chher', 'merra f chher', 'kol cher'],
  },
  5: {
    en: ['every two weeks', 'every 2 weeks', 'every other week', 'biweekly', 'twice a month', 'every fortnight', 'fortnightly', 'once every two weeks',
      'every week or two', 'once every 2 weeks'],
    fr: ['toutes les deux semaines', 'toutes les 2 semaines', 'tous les quinze jours', 'tous les 15 jours', 'deux fois par mois', '2 fois par mois',
      'une semaine sur deux', 'une fois toutes les deux semaines'],
    msa: ['مرة كل أسبوعين', 'كل أسبوعين', 'مرتين في الشهر', 'كل خمسة عشر يوما', 'كل 15 يوما', 'كل 15 يوم'],
    darija: ['كل جوج سيمانات', 'جوج مرات فالشهر', 'كل سيمانتين', 'جوج مرات فشهر', 'سيمانة اه سيمانة لا', 'سيمانة آه سيمانة لا'],
    arabizi: ['simana ah simana la', 'kol jouj simanat', 'kol joj simanat', 'jouj merrat f chhar', 'kol 15 yom', 'kol 15 youm', 'kol simantin', 'joj merrat f chhar'],
  },
  6: {
    en: ['every week', 'weekly', 'every week or more', 'once a week', 'each week', 'several times a week', 'every day', 'daily', 'always',
      'more than once a week', 'twice a week', 'all the time'],
    fr: ['chaque semaine', 'toutes les semaines', 'une fois par semaine', 'plusieurs fois par semaine', 'tous les jours', 'chaque jour', 'toujours',
      'chaque semaine ou plus', '1 fois par semaine'],
    msa: ['كل أسبوع', 'أسبوعيا', 'مرة في الأسبوع', 'كل يوم', 'يوميا', 'دائما', 'عدة مرات في الأسبوع', 'كل أسبوع أو أكثر', 'مرة كل أسبوع'],
    darija: ['كل سيمانة', 'ديما', 'كل نهار', 'مرة فالسيمانة', 'بزاف ديال المرات'],
    arabizi: ['kol simana', 'kol semana', 'dima', 'kol nhar', 'merra f simana', 'mra f simana', 'kol simaine', 'kol semaine'],
  },
};

export const SCALE_WORDS: Record<SurveyScale, ScaleWords> = { agreement: AGREEMENT, frequency: FREQUENCY };
