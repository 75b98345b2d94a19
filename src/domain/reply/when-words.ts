/**
 * The words a teacher uses to say when a meeting is, as data. Write them as people type them
 * (hamza, ة, accents, apostrophes, hyphens): every phrase goes through the same normalisation
 * as the message (`phraseKey` in lexicon.ts), so "الأحد" also matches "الاحد" and
 * "après-demain" matches "apres demain". A phrase listed under two meanings is refused when
 * the parser's lexicon is built, so a clash shows up in the tests, not in a wrong date.
 *
 * Numbers are not words here: "17h", "15/12", "5pm" are read by when-parser.ts.
 */

/** Index = days after today: [today, tomorrow, the day after tomorrow]. */
export const RELATIVE_DAY_WORDS: readonly (readonly string[])[] = [
  ['today', 'aujourd\'hui', 'aujourd hui', 'auj', 'اليوم', 'ليوم', 'ليوما', 'اليوما', 'هاد النهار', 'هذا اليوم',
    'lyoum', 'lyouma', 'lyoma', 'lyom', 'lyuma', 'lioum', 'elyoum', 'alyoum', 'had nhar'],
  ['tomorrow', 'tmrw', 'tmr', 'demain', 'غدا', 'غدوة', 'غذا', 'الغد', 'بكرة', 'بكرا',
    'ghda', 'ghedda', 'ghdda', 'gheda', 'ghada', 'ghedwa', 'ghadwa', 'ghodwa'],
  ['after tomorrow', 'day after tomorrow', 'the day after tomorrow', 'après-demain', 'après demain',
    'بعد غد', 'بعد غدا', 'بعد الغد', 'بعد غدوة', 'من بعد غدا', 'من بعد غدوة', 'بعد بكرة',
    'ba3d ghda', 'ba3d ghedda', 'ba3d ghdda', 'b3d ghda', 'mn ba3d ghda', 'men ba3d ghda', 'men ba3d ghedda'],
];

/**
 * Index 0 = Sunday, as in `Date.getUTCDay` and `zonedParts`. Left out on purpose: forms that
 * are also numbers or common words ("اثنين" two, "الثلاث" the three, "tlata" three, "arb3a"
 * four, "لحد"/"l7ed" until, "7ad" someone), since "الساعة الثلاث" must not read as Tuesday.
 */
export const WEEKDAY_WORDS: readonly (readonly string[])[] = [
  ['sunday', 'sun', 'dimanche', 'الأحد', 'الحد', 'l7ad', 'lhad', 'el7ad', 'al7ad', 'lahad'],
  ['monday', 'mon', 'lundi', 'الاثنين', 'الإثنين', 'الاتنين', 'التنين', 'الثنين', 'لاثنين', 'لتنين',
    'tnin', 'ltnin', 'letnin', 'etnin', 'itnin', 'thnin', 'lithnin', 'litnin', 'lethnin'],
  ['tuesday', 'tue', 'tues', 'mardi', 'الثلاثاء', 'ثلاثاء', 'الثلاثا', 'التلات', 'تلات', 'لتلات', 'tlat', 'ttlat', 'ltlat', 'ttlet'],
  ['wednesday', 'wed', 'mercredi', 'الأربعاء', 'أربعاء', 'لاربع', 'لاربعا',
    'larb3a', 'larb3', 'l\'arb3a', 'larba', 'larbaa', 'lerb3a'],
  ['thursday', 'thu', 'thur', 'thurs', 'jeudi', 'الخميس', 'خميس', 'لخميس',
    'lkhmis', 'lkhemis', 'lkhamis', 'khmis', 'l5mis', 'l5emis', 'lekhmis', 'lakhmis'],
  ['friday', 'fri', 'vendredi', 'الجمعة', 'جمعة', 'لجمعة', 'الجمعا',
    'jem3a', 'jm3a', 'jom3a', 'jum3a', 'ljem3a', 'ljm3a', 'ljom3a', 'joumou3a', 'jomo3a', 'jemaa', 'jouma3a'],
  ['saturday', 'sat', 'samedi', 'السبت', 'سبت', 'لسبت', 'sebt', 'sbt', 'ssebt', 'essebt', 'ssbt', 'sabt', 'assabt', 'lsebt'],
];

/**
 * Index 0 = January. Moroccan Arabic names first, then Middle-Eastern, Levantine and the
 * Algerian/Tunisian ones from French. A month word counts only next to a day number.
 */
export const MONTH_WORDS: readonly (readonly string[])[] = [
  ['january', 'jan', 'janvier', 'janv', 'يناير', 'جانفي', 'كانون الثاني'],
  ['february', 'feb', 'février', 'fév', 'févr', 'فبراير', 'فيفري', 'شباط'],
  ['march', 'mar', 'mars', 'مارس', 'آذار'],
  ['april', 'apr', 'avril', 'avr', 'أبريل', 'إبريل', 'أفريل', 'نيسان'],
  ['may', 'mai', 'ماي', 'مايو', 'أيار'],
  ['june', 'jun', 'juin', 'يونيو', 'يونيه', 'جوان', 'حزيران'],
  ['july', 'jul', 'juillet', 'juil', 'يوليوز', 'يوليو', 'يوليه', 'جويلية', 'تموز'],
  ['august', 'aug', 'août', 'غشت', 'أغسطس', 'أغشت', 'أوت', 'آب'],
  ['september', 'sep', 'sept', 'septembre', 'شتنبر', 'سبتمبر', 'سيبتمبر', 'أيلول'],
  ['october', 'oct', 'octobre', 'أكتوبر', 'اكتوبر', 'تشرين الأول'],
  ['november', 'nov', 'novembre', 'نونبر', 'نوفمبر', 'تشرين الثاني'],
  ['december', 'dec', 'décembre', 'déc', 'دجنبر', 'ديسمبر', 'كانون الأول'],
];

/** Part of the day: turns "5" into 05:00 or 17:00 wherever it stands ("5 pm", "ce soir à 6", "الساعة 5 مساء"). */
export const MERIDIEM_WORDS = {
  am: ['am', 'a.m.', 'morning', 'in the morning', 'matin', 'du matin', 'le matin',
    'صباحا', 'صباح', 'الصباح', 'في الصباح', 'فالصباح', 'sbah', 'sba7', 'f sbah', 'fsbah', 'f sba7', 'fsba7'],
  pm: ['pm', 'p.m.', 'afternoon', 'in the afternoon', 'evening', 'in the evening', 'soir', 'du soir', 'le soir',
    'après-midi', "l'après-midi", "de l'après-midi", 'aprem', 'مساء', 'مساءا', 'المساء', 'في المساء', 'بعد الظهر', 'بعد الزوال',
    'العشية', 'عشية', 'فالعشية', 'l3chiya', 'l3chia', '3chiya', 'f l3chiya', 'fl3chiya', 'l3achiya'],
} as const;

/** Today, with a part of the day: "ce soir à 6" is today at 18:00. */
export const THIS_PART_OF_DAY_WORDS = {
  am: ['this morning', 'ce matin', 'هاد الصباح', 'had sbah'],
  pm: ['tonight', 'this afternoon', 'this evening', 'ce soir', 'cet après-midi', 'cet aprem', 'هذا المساء', 'الليلة',
    'هاد العشية', 'هاد الليلة', 'had l3chiya', 'had lila'],
} as const;

/** 12:00. Midnight is left out on purpose: "demain minuit" is the start of tomorrow to some and its end to others. */
export const NOON_WORDS: readonly string[] = ['noon', 'midday', 'midi', 'الزوال', 'zwal', 'fzwal', 'f zwal', 'فالزوال'];

/** A bare number right after one of these is an hour: "à 17", "at 5", "على الساعة 5", "m3a 6". */
export const TIME_MARKER_WORDS: readonly string[] = [
  'at', 'around', 'à', 'vers', 'الساعة', 'ساعة', 'فالساعة', 'مع', 'حوالي', 'sa3a', 'ssa3a', 'lsa3a', 'fsa3a', 'fssa3a', 'm3a',
];

/** After a number: "17 h 30", "17 heures", "5 o'clock". */
export const HOUR_UNIT_WORDS: readonly string[] = ['h', 'heure', 'heures', 'hr', "o'clock"];

/**
 * Words that carry no date or time. Kept short on purpose: every word added here is one more
 * sentence that parses instead of being asked again. "inshallah" is how a Moroccan states a
 * plan, not a doubt, so it is ignored.
 */
export const FILLER_WORDS: readonly string[] = [
  'on', 'the', 'for', 'this', 'le', 'ce', 'cette', 'pour', 'يوم', 'نهار', 'على', 'ف', 'في', 'بتاريخ',
  'nhar', 'youm', 'yom', 'f', 'fi', '3la', 'l', 'el',
  'إن شاء الله', 'إنشاء الله', 'انشالله', 'بإذن الله', 'inshallah', 'inchallah', 'nchallah', 'in sha allah', 'incha allah',
];
