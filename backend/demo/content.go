package demo

import (
	"strings"

	"newsroom/cms"
)

// staff are the newsroom's own journalists: bylines with a portrait and a
// biography. The first is the demo writer's author profile.
var staff = []struct{ Name, Slug, Bio, Avatar, User string }{
	{"سارة الخطيب", "sara-al-khatib", "صحفية في القسم السياسي، تغطي الملف السوري ومسار أستانا منذ جولاته الأولى، وعملت قبل ذلك مراسلة في بيروت.",
		"avatar-sara-al-khatib.jpg", "writer@newsroom.example"},
	{"عمر النجار", "omar-al-najjar", "مراسل الموقع في دمشق، يكتب عن الاقتصاد والمياه والحياة اليومية في المدن السورية.",
		"avatar-omar-al-najjar.jpg", ""},
	{"Daniel Hart", "daniel-hart", "Diplomatic correspondent covering the Middle East and the United Nations. He previously reported from Beirut and Geneva.",
		"avatar-daniel-hart.jpg", ""},
}

// bylines are who signs the demo's articles in each language, in turn, and
// the source line that goes with each.
var bylines = map[cms.Language][]struct{ author, source string }{
	cms.Arabic: {
		{"newsroom", "وكالات"},
		{"sara-al-khatib", "خاص"},
		{"agencies", "وكالات"},
		{"omar-al-najjar", "خاص"},
	},
	cms.English: {
		{"reuters", "Reuters"},
		{"daniel-hart", "Staff report"},
	},
}

// heroes names the lead picture of an article by its story, else by
// "section:" and its section, else "". Each language has its own pictures,
// captioned in that language.
var heroes = map[cms.Language]map[string]string{
	cms.Arabic: {
		"astana-talks":    "astana-talks.jpg",
		"ceasefire":       "un-security-council.jpg",
		"water-crisis":    "euphrates-drought.jpg",
		"oil-prices":      "oil-field.jpg",
		"asian-cup":       "stadium.jpg",
		"section:economy": "oil-field.jpg",
		"section:sport":   "stadium.jpg",
		"":                "damascus-skyline.jpg",
	},
	cms.English: {
		"astana-talks":  "astana-talks-en.jpg",
		"ceasefire":     "un-security-council-en.jpg",
		"climate-talks": "un-security-council-en.jpg",
		"water-crisis":  "euphrates-drought-en.jpg",
		"oil-prices":    "oil-field-en.jpg",
		"asian-cup":     "stadium-en.jpg",
		"":              "skyline-en.jpg",
	},
}

// pick returns the entry of m for the piece's story, else its section, else "".
func pick[T any](m map[string]T, p piece) T {
	if v, ok := m[p.story]; ok && p.story != "" {
		return v
	}
	if v, ok := m["section:"+p.section]; ok {
		return v
	}
	return m[""]
}

// extra is what an article's body has beyond paragraphs: two headings, a
// quote, a list, an image in the body with its own caption, and a map; the
// empty ones are left out.
type extra struct {
	heading2, heading3 string
	quote, cite        string
	items              []string
	ordered            bool
	image, caption     string
	embed              string
}

// The maps of the places the stories happen (OpenStreetMap's embeddable
// view).
const (
	astanaMap = "https://www.openstreetmap.org/export/embed.html?bbox=71.38%2C51.10%2C71.52%2C51.20&layer=mapnik"
	raqqaMap  = "https://www.openstreetmap.org/export/embed.html?bbox=38.92%2C35.91%2C39.08%2C35.99&layer=mapnik"
)

// extras are the blocks by language and story ("" for articles without one).
var extras = map[cms.Language]map[string]extra{
	cms.Arabic: {
		"astana-talks": {
			heading2: "ما الذي على الطاولة؟", heading3: "مواقف الدول الضامنة",
			quote: "لن نوقّع على نص لا يتضمن جدولاً زمنياً واضحاً للإفراج عن المعتقلين", cite: "عضو في وفد المعارضة",
			items:   []string{"تثبيت وقف إطلاق النار في مناطق خفض التصعيد", "ملف المعتقلين والمفقودين", "إيصال المساعدات إلى المناطق المحاصرة"},
			ordered: true,
			image:   "damascus-skyline.jpg", caption: "دمشق صباح انطلاق الجولة الجديدة من المفاوضات",
			embed: astanaMap,
		},
		"ceasefire": {
			heading2: "الوضع الميداني", heading3: "المساعدات الإنسانية",
			quote: "كل يوم تصمد فيه الهدنة يعني أن شاحنات أكثر تصل إلى من ينتظرها", cite: "منسق الشؤون الإنسانية في الأمم المتحدة",
			items: []string{"تراجع ملحوظ في القصف المدفعي", "فتح معبرين أمام شاحنات الإغاثة", "تبادل الرسائل بين الطرفين عبر الوسطاء"},
			image: "damascus-skyline.jpg", caption: "هدوء حذر يخيّم على المدينة منذ بدء الهدنة",
		},
		"water-crisis": {
			heading2: "أرقام مقلقة", heading3: "حلول مطروحة",
			quote: "زرعنا القمح هذا العام في نصف الأرض فقط، فالماء لا يكفي للباقي", cite: "مزارع من ريف الرقة",
			items: []string{"انخفاض منسوب النهر أكثر من أربعة أمتار", "تراجع المساحات المزروعة إلى النصف", "توقف عدد من محطات الضخ عن العمل"},
			image: "damascus-skyline.jpg", caption: "خزانات المياه على أسطح المنازل بعد تقنين الضخ",
			embed: raqqaMap,
		},
		"oil-prices": {
			heading2: "ردود فعل الأسواق", heading3: "ماذا بعد؟",
			quote: "السوق يسعّر الآن شحاً في المعروض حتى نهاية العام", cite: "محللة في أسواق الطاقة",
			items:   []string{"يبدأ الخفض مطلع الشهر المقبل", "يستمر حتى نهاية الربع الأول", "يُراجَع في الاجتماع الوزاري المقبل"},
			ordered: true,
			image:   "damascus-skyline.jpg", caption: "طوابير أمام محطات الوقود في العاصمة مع ارتفاع الأسعار",
		},
		"asian-cup": {
			heading2: "كيف حُسم النهائي", heading3: "البطولة بالأرقام",
			quote: "هذا اللقب لكل من آمن بنا حين لم يؤمن بنا أحد", cite: "قائد المنتخب",
			items: []string{"٥١ مباراة في ثماني مدن", "١٣٠ هدفاً", "أكثر من مليون مشجع في المدرجات"},
			image: "damascus-skyline.jpg", caption: "احتفالات الجماهير في شوارع العاصمة بعد التتويج",
		},
		"": {
			heading2: "خلفية", heading3: "ردود الفعل",
			image: "damascus-skyline.jpg", caption: "صباح هادئ في المدينة القديمة",
		},
	},
	cms.English: {
		"astana-talks": {
			heading2: "What is on the table", heading3: "Where the guarantors stand",
			quote: "We will not sign any text without a clear timetable for releasing detainees.", cite: "A member of the opposition delegation",
			items:   []string{"Consolidating the ceasefire in the de-escalation zones", "Detainees and missing persons", "Aid access to besieged areas"},
			ordered: true,
			image:   "skyline-en.jpg", caption: "Damascus on the morning the new round opened",
			embed: astanaMap,
		},
		"ceasefire": {
			heading2: "On the ground", heading3: "Aid deliveries",
			quote: "Every day the truce holds means more trucks reach the people waiting for them.", cite: "The UN humanitarian coordinator",
			items: []string{"Shelling has dropped sharply", "Two crossings are open to aid trucks", "The sides exchange messages through mediators"},
			image: "skyline-en.jpg", caption: "An uneasy calm over the city since the truce began",
		},
		"water-crisis": {
			heading2: "Worrying numbers", heading3: "Options on the table",
			quote: "This year we sowed wheat on only half the land; there is not enough water for the rest.", cite: "A farmer near Raqqa",
			items: []string{"The river has fallen by more than four metres", "Farmed land has halved", "Several pumping stations have stopped"},
			image: "skyline-en.jpg", caption: "Water tanks on city rooftops after pumping was rationed",
			embed: raqqaMap,
		},
		"oil-prices": {
			heading2: "How markets reacted", heading3: "What comes next",
			quote: "The market is now pricing in tight supply until the end of the year.", cite: "An energy markets analyst",
			items:   []string{"The cut starts at the beginning of next month", "It runs until the end of the first quarter", "It will be reviewed at the next ministerial meeting"},
			ordered: true,
			image:   "skyline-en.jpg", caption: "Queues at petrol stations in the capital as prices rise",
		},
		"asian-cup": {
			heading2: "How the final was decided", heading3: "The tournament in numbers",
			quote: "This title belongs to everyone who believed in us when nobody else did.", cite: "The team captain",
			items: []string{"51 matches in eight cities", "130 goals", "More than a million fans in the stands"},
			image: "skyline-en.jpg", caption: "Fans celebrate in the streets of the capital after the win",
		},
		"climate-talks": {
			heading2: "What was agreed", heading3: "The critics",
			quote: "A fund with no money in it is a promise, not a solution.", cite: "A climate campaigner",
			items:   []string{"Set up the loss and damage fund", "Agree who pays into it", "Report back at next year's conference"},
			ordered: true,
			image:   "oil-field-en.jpg", caption: "Gas flares in a desert oil field, a reminder of what the talks are about",
		},
		"": {
			heading2: "Background", heading3: "Reaction",
			image: "skyline-en.jpg", caption: "A quiet morning in the old city",
		},
	},
}

// fix is a republish with a public note: the sentence wrong, published
// first ("" for none), becomes right. Types are cms.CorrectionTypes.
type fix struct{ typ, note, wrong, right string }

// corrections are the fixes of the articles republished with a note, by
// language and story; the articles of other stories are not corrected.
var corrections = map[cms.Language]map[string]fix{
	cms.Arabic: {
		"astana-talks": {"correction", "ذكرت نسخة سابقة من هذا الخبر أن الجولة المقبلة تبدأ يوم الأربعاء، والصحيح أنها تبدأ يوم الثلاثاء.",
			"ومن المقرر أن تبدأ الجولة المقبلة يوم الأربعاء.", "ومن المقرر أن تبدأ الجولة المقبلة يوم الثلاثاء."},
		"ceasefire": {"clarification", "أوضحنا أن الخروقات المسجلة في الشمال محدودة، ومعظمها إطلاق نار متقطع.",
			"وسجّل المراقبون خروقات في الشمال.", "وسجّل المراقبون خروقات محدودة في الشمال، معظمها إطلاق نار متقطع."},
		"water-crisis": {"update", "أُضيف إلى الخبر إعلان وزارة الموارد المائية خطة طوارئ بعد نشره.",
			"", "وأعلنت وزارة الموارد المائية مساء اليوم خطة طوارئ لإيصال المياه إلى القرى المتضررة."},
	},
	cms.English: {
		"ceasefire": {"correction", "An earlier version of this article said monitors recorded 40 violations in the past week. They recorded 14.",
			"Monitors recorded 40 violations in the past week.", "Monitors recorded 14 violations in the past week."},
		"astana-talks": {"update", "This article was updated with the date of the next round after the foreign ministry confirmed it.",
			"", "The foreign ministry later confirmed that the next round opens on Tuesday."},
	},
}

// sentence ends text with a full stop unless it ends with a mark of its own
// (summaries are written either way).
func sentence(text string) string {
	text = strings.TrimSpace(text)
	if strings.HasSuffix(text, ".") || strings.HasSuffix(text, "!") || strings.HasSuffix(text, "?") || strings.HasSuffix(text, "؟") {
		return text
	}
	return text + "."
}
