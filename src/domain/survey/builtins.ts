/**
 * The two surveys every school has without defining anything (DESIGN §8), in our own words:
 *
 * - `event-feedback`: three questions after a meeting or a school event;
 * - `involvement`: a short parent-involvement check, eight questions across the six
 *   constructs of the research behind the project (role beliefs, self-efficacy, invitations
 *   from the school, the teacher and the child, home involvement). Two questions each for the
 *   first two give them a reliability (Cronbach's alpha); one self-efficacy question is worded
 *   the other way round and reverse-scored, as such scales do.
 *
 * Ids are reserved: a school cannot define a survey with one of them.
 */
import type { SurveyDefinition } from '../../core/survey.js';

export const EVENT_FEEDBACK: SurveyDefinition = {
  id: 'event-feedback',
  builtIn: true,
  title: { en: 'Your feedback on the event', ar: 'رأيكم في النشاط' },
  scale: 'agreement',
  questions: [
    { id: 'useful', subscale: 'event_feedback', text: { en: 'This event was useful to me.', ar: 'كان هذا النشاط مفيدًا لي.' } },
    { id: 'welcome', subscale: 'event_feedback', text: { en: 'I felt welcome at the school.', ar: 'شعرت بالترحيب في المدرسة.' } },
    { id: 'again', subscale: 'event_feedback', text: { en: 'I would come to a similar event again.', ar: 'سأحضر نشاطًا مماثلًا مرة أخرى.' } },
  ],
};

export const INVOLVEMENT: SurveyDefinition = {
  id: 'involvement',
  builtIn: true,
  title: { en: 'You and your child’s school', ar: 'أنتم ومدرسة أبنائكم' },
  scale: 'agreement',
  questions: [
    {
      id: 'role_part', subscale: 'role_beliefs',
      text: { en: 'Helping my child with school is part of my role as a parent.', ar: 'مساعدة طفلي في دراسته جزء من دوري كولي أمر.' },
    },
    {
      id: 'role_talk', subscale: 'role_beliefs',
      text: { en: 'It is my job to stay in touch with my child’s teachers.', ar: 'من واجبي أن أبقى على تواصل مع أساتذة طفلي.' },
    },
    {
      id: 'efficacy_help', subscale: 'self_efficacy',
      text: { en: 'I know how to help my child do well at school.', ar: 'أعرف كيف أساعد طفلي على النجاح في المدرسة.' },
    },
    {
      id: 'efficacy_unsure', subscale: 'self_efficacy', reverse: true,
      text: { en: 'I often feel I cannot help my child with schoolwork.', ar: 'كثيرًا ما أشعر أنني لا أستطيع مساعدة طفلي في واجباته.' },
    },
    {
      id: 'school_welcome', subscale: 'school_invitations',
      text: { en: 'The school lets me know about meetings and events.', ar: 'تُخبرني المدرسة بالاجتماعات والأنشطة.' },
    },
    {
      id: 'teacher_asked', subscale: 'teacher_invitations', scale: 'frequency',
      text: { en: 'This year, how often has the teacher asked you to help with your child’s learning?', ar: 'هذه السنة، كم مرة طلب منكم الأستاذ(ة) المساعدة في تعلّم طفلكم؟' },
    },
    {
      id: 'child_asked', subscale: 'child_invitations', scale: 'frequency',
      text: { en: 'This year, how often has your child asked you to help with schoolwork?', ar: 'هذه السنة، كم مرة طلب منكم طفلكم المساعدة في واجباته؟' },
    },
    {
      id: 'home_talk', subscale: 'home_involvement', scale: 'frequency',
      text: { en: 'This year, how often have you talked with your child about the school day?', ar: 'هذه السنة، كم مرة تحدثتم مع طفلكم عن يومه الدراسي؟' },
    },
  ],
};

export const BUILT_IN_SURVEYS: readonly SurveyDefinition[] = [EVENT_FEEDBACK, INVOLVEMENT];

export function builtInSurvey(id: string): SurveyDefinition | undefined {
  return BUILT_IN_SURVEYS.find((s) => s.id === id);
}
